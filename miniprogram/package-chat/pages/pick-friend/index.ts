/**
 * 选择好友: the user's friends (contactStore, loaded through flows/contacts when empty) with a search by
 * nickname or user ID. Tapping one emits it on the opener's EventChannel (`picked`, see open.ts) and goes back.
 * `?title=` names the purpose (转发给, 推荐名片); `?exclude=` leaves one user out.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { themeBehavior } from '../../../components/behaviors/theme'
import { contacts } from '../../../flows/contacts'
import type { UserView } from '../../../models/types'
import { messageOf } from '../../../pages/navigation'
import { createLogger } from '../../../services/log'
import { showToast } from '../../../services/ui'
import { contactStore } from '../../../stores/contacts'
import { PICKED_EVENT } from './open'

const log = createLogger('pick-friend')

/** Friends matching `query` (nickname or user ID, case-insensitive), without `exclude`. */
function filterFriends(friends: readonly UserView[], query: string, exclude: string): UserView[] {
  const needle = query.trim().toLowerCase()
  return friends.filter(
    (friend) =>
      friend.userID !== exclude &&
      (needle === '' ||
        friend.userID.toLowerCase().includes(needle) ||
        friend.nick.toLowerCase().includes(needle)),
  )
}

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior] },
  storeBindings: {
    store: contactStore,
    fields: ['friends', 'loading'] as const,
    actions: [],
  },
  data: {
    friends: [] as readonly UserView[],
    loading: false,
    query: '',
    exclude: '',
    shown: [] as UserView[],
  },
  observers: {
    'friends, query, exclude'(friends: readonly UserView[], query: string, exclude: string) {
      this.setData({ shown: filterFriends(friends, query, exclude) })
    },
  },
  methods: {
    onLoad(query: { title?: string; exclude?: string }) {
      const title = decodeURIComponent(query.title ?? '')
      if (title) {
        wx.setNavigationBarTitle({
          title,
          fail: (failure) => log.debug('navigation bar title not set', failure.errMsg),
        })
      }
      this.setData({ exclude: decodeURIComponent(query.exclude ?? '') })
      if (contactStore.friends.length === 0 && !contactStore.loading) {
        contacts
          .refresh()
          .catch((error: unknown) => showToast(messageOf(error, '好友列表加载失败')))
      }
    },

    onSearchInput(event: WechatMiniprogram.Input) {
      this.setData({ query: event.detail.value })
    },

    onTapFriend(event: WechatMiniprogram.TouchEvent<object, object, { userId: string }>) {
      const friend = this.data.shown.find(
        (item) => item.userID === event.currentTarget.dataset.userId,
      )
      if (!friend) return
      const channel = this.getOpenerEventChannel?.()
      channel?.emit?.(PICKED_EVENT, { ...friend })
      wx.navigateBack()
    },
  },
})
