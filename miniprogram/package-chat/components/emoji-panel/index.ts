/**
 * The emoji panel under the chat's input bar: 最近使用 first (when there is any), then the Unicode groups, one
 * group shown at a time. It only reports: `pick` with the emoji (the page inserts it and records it as
 * recent), `backspace` (the page removes the last emoji or character).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { EMOJI_GROUPS } from '../../models/emoji'
import { recentEmojiStore } from '../../stores/recent-emoji'

const RECENT_TAB = -1

ComponentWithStore({
  storeBindings: {
    store: recentEmojiStore,
    fields: ['recent'] as const,
    actions: [],
  },
  data: {
    recent: [] as readonly string[],
    groups: EMOJI_GROUPS,
    /** RECENT_TAB or an index into groups; starts on 最近使用 when there is anything in it. */
    tab: RECENT_TAB,
    recentTab: RECENT_TAB,
  },
  lifetimes: {
    attached() {
      recentEmojiStore.load()
      if (recentEmojiStore.recent.length === 0) this.setData({ tab: 0 })
    },
  },
  methods: {
    onTapTab(event: WechatMiniprogram.TouchEvent<object, object, { tab: number }>) {
      this.setData({ tab: Number(event.currentTarget.dataset.tab) })
    },
    onTapEmoji(event: WechatMiniprogram.TouchEvent<object, object, { emoji: string }>) {
      const emoji = event.currentTarget.dataset.emoji
      if (emoji) this.triggerEvent('pick', { emoji })
    },
    onTapBackspace() {
      this.triggerEvent('backspace')
    },
  },
})
