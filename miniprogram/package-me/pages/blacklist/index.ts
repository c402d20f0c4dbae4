/** 黑名单: the people I blocked, each with 取消拉黑. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { themeBehavior } from '../../../components/behaviors/theme'
import { messageOf } from '../../../pages/navigation'
import { showToast } from '../../../services/ui'
import { safety } from '../../flows/safety'
import { safetyStore, type BlockedView } from '../../stores/safety'

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior] },
  storeBindings: {
    store: safetyStore,
    fields: ['blocks', 'blocksLoaded'] as const,
    actions: [],
  },
  data: {
    blocks: [] as readonly BlockedView[],
    blocksLoaded: false,
    busyUserID: '',
    errorText: '',
  },
  methods: {
    onLoad() {
      safetyStore.reset()
      safety.loadBlocks().catch((error: unknown) => {
        this.setData({ errorText: messageOf(error, '黑名单加载失败') })
      })
    },

    async onTapUnblock(event: WechatMiniprogram.TouchEvent<object, object, { userId: string }>) {
      const userID = event.currentTarget.dataset.userId
      if (!userID || this.data.busyUserID) return
      this.setData({ busyUserID: userID, errorText: '' })
      try {
        await safety.unblock(userID)
        showToast('已移出黑名单')
      } catch (error) {
        this.setData({ errorText: messageOf(error, '操作失败，请重试') })
      } finally {
        this.setData({ busyUserID: '' })
      }
    },
  },
})
