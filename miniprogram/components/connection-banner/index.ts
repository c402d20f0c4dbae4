/**
 * Tells the user when IM is not connected (connecting, reconnecting, no network, given up); renders nothing while
 * connected. In the final state it offers 重试, which asks the IM door for a fresh login.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { im } from '../../im/index'
import { networkStore } from '../../stores/network'

ComponentWithStore({
  storeBindings: {
    store: networkStore,
    fields: ['bannerText', 'connection', 'canRetry'] as const,
    actions: [],
  },
  data: {
    bannerText: '',
    connection: 'disconnected',
    canRetry: false,
  },
  methods: {
    onTapRetry() {
      im.retry()
    },
  },
})
