/** Tells the user when IM is not connected; renders nothing while connected. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { networkStore } from '../../stores/network'

ComponentWithStore({
  storeBindings: {
    store: networkStore,
    fields: ['bannerText', 'connection'] as const,
    actions: [],
  },
  data: {
    bannerText: '',
    connection: 'disconnected',
  },
})
