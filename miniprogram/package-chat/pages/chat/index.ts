/**
 * The chat with one peer. Messages are NOT bound through store bindings: the page subscribes to
 * chatStore.onChange and its message window (message-window.ts) turns each change into path updates
 * (`items[37]`), merged into one setData per tick, so one incoming message costs one small setData however long
 * the history is, and only a bounded window of the list is rendered.
 *
 * Read state: while the page is on screen (onShow → onHide/onUnload) its message-notify callback is the IM
 * door's current one; only that callback marks incoming messages read and scrolls to them (or counts them on
 * the "N 条新消息" pill). In the background or under another page nothing is marked read; showing the page again
 * marks everything in it read. What the user typed stays with the conversation as a draft, with its quote. The input bar, media,
 * voice, attachments, cards, quotes and the long-press menu are the page's methods from the modules beside it.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { privacyBehavior, type PrivacyMethods } from '../../../components/behaviors/privacy'
import { themeBehavior } from '../../../components/behaviors/theme'
import { im, type Restore } from '../../../im/index'
import { c2cConversationID } from '../../../models/mapping'
import { isTextTooLong, TEXT_MESSAGE_MAX_BYTES, TEXT_TOO_LONG_MESSAGE } from '../../../models/text'
import type { MessageView, ReplyView } from '../../../models/types'
import { createLogger } from '../../../services/log'
import { showToast } from '../../../services/ui'
import { chatStore } from '../../../stores/chat'
import { contactStore } from '../../../stores/contacts'
import { conversationStore } from '../../../stores/conversations'
import { draftStore } from '../../../stores/drafts'
import { profileStore } from '../../../stores/profile'
import { reaction } from '../../../stores/mobx'
import { sessionStore } from '../../../stores/session'
import { loadUploadPlugin } from '../../services/upload-plugin'
import { attachmentMethods } from './attachment-actions'
import { composerMethods, messageOf } from './composer'
import { cardMethods } from './card-actions'
import { mediaMethods, stopVoice } from './media-actions'
import { quoteMethods } from './quote-actions'
import { messageMenuMethods } from './message-menu'
import {
  createMessageWindow,
  type MessageWindow,
  type Patch,
  type QueuePatch,
} from './message-window'
import type { MessageRow } from './rows'
import { voiceMethods } from './voice-actions'

/** The title while the peer types (WeChat's wording). */
const PEER_TYPING_TITLE = '对方正在输入…'
/** The input bar's height in px, for the viewport estimate before the first layout query answers. */
const INPUT_BAR_PX = 56

interface ChatPageState {
  peerID: string
  conversationID: string
  /** What of the conversation is rendered, and where the user is in it. */
  window: MessageWindow
  /** Length of the message list when the page was hidden; what came after arrived unseen. */
  lengthAtHide: number
  unsubscribe?: () => void
  /** Stops the title following the peer's typing. */
  stopTypingTitle?: () => void
  /** Puts back the previous message-notify callback; set while the page is on screen. */
  restoreNotify?: Restore
}

const states = new WeakMap<object, ChatPageState>()
const log = createLogger('chat')

function reportReadFailure(error: unknown): void {
  log.warn('marking the chat read failed', error)
}

/** Merges the patches made in one tick into one setData; `isOpen` is false once the page is gone. */
function patchQueue(setData: (patch: Patch) => void, isOpen: () => boolean): QueuePatch {
  let pending: Patch | null = null
  return (patch, replacesItems = false) => {
    if (!pending) {
      pending = {}
      void Promise.resolve().then(() => {
        const merged = pending
        pending = null
        if (merged && isOpen()) setData(merged)
      })
    }
    if (replacesItems) {
      for (const key of Object.keys(pending)) {
        if (key.startsWith('items[')) delete pending[key]
      }
    }
    Object.assign(pending, patch)
  }
}

function viewportEstimate(): number {
  try {
    return Math.max(200, wx.getWindowInfo().windowHeight - INPUT_BAR_PX)
  } catch (_unavailable) {
    return 600
  }
}

ComponentWithStore({
  // chooseMedia and the clipboard are privacy-protected: the consent panel can appear here too.
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior, privacyBehavior] },
  storeBindings: {
    store: profileStore,
    fields: {
      myAvatar: () => profileStore.me?.avatar || sessionStore.user?.avatar || '',
      myName: () => profileStore.me?.nick || sessionStore.user?.nick || sessionStore.userID,
    },
    actions: [],
  },
  data: {
    items: [] as MessageRow[],
    peerName: '',
    peerAvatar: '',
    myAvatar: '',
    myName: '',
    draft: '',
    draftTooLong: false,
    emojiPanelShown: false,
    voiceMode: false,
    morePanelShown: false,
    videoUrl: '',
    playingID: '',
    /** The message the next text quotes (the bar over the input), or null. */
    quote: null as ReplyView | null,
    /** The row a tapped quote led to (marked until the next jump). */
    highlightID: '',
    draftLimitText: TEXT_TOO_LONG_MESSAGE,
    // A text longer than this in characters is longer in bytes too; the byte limit is checked on input.
    maxInputLength: TEXT_MESSAGE_MAX_BYTES,
    keyboardHeight: 0,
    scrollIntoView: '',
    newMessageCount: 0,
    loadingOlder: false,
    noMoreHistory: false,
    hasNewer: false,
  },
  lifetimes: {
    detached() {
      const state = states.get(this)
      if (!state) return
      this.leave(state)
      state.unsubscribe?.()
      state.stopTypingTitle?.()
      stopVoice(this)
      im.closeConversation(state.conversationID)
      states.delete(this)
    },
  },
  methods: {
    onLoad(query: ChatPageQuery) {
      im.useUploadPlugin(loadUploadPlugin())
      const peerID = decodeURIComponent(query.peerID ?? '').trim()
      if (!peerID) {
        showToast('没有指定聊天对象')
        return
      }
      const conversationID = query.conversationID
        ? decodeURIComponent(query.conversationID)
        : c2cConversationID(peerID)
      const queue = patchQueue(
        (patch) => this.setData(patch),
        () => states.get(this) === state,
      )
      const state: ChatPageState = {
        peerID,
        conversationID,
        window: createMessageWindow(conversationID, viewportEstimate(), queue),
        lengthAtHide: 0,
      }
      states.set(this, state)
      const conversation = conversationStore.byID(conversationID)
      const friend = contactStore.friends.find((item) => item.userID === peerID)
      const peerName = contactStore.nameOf({
        userID: peerID,
        nick: decodeURIComponent(query.nick ?? '') || conversation?.nick || friend?.nick,
      })
      const draft = draftStore.draftOf(conversationID)
      this.setData({
        peerName,
        peerAvatar: conversation?.avatar || friend?.avatar || '',
        draft,
        draftTooLong: isTextTooLong(draft),
        quote: draftStore.quoteOf(conversationID),
      })
      const setTitle = (title: string) =>
        wx.setNavigationBarTitle({
          title,
          fail: (failure) => log.debug('navigation bar title not set', failure.errMsg),
        })
      setTitle(chatStore.typing[conversationID] ? PEER_TYPING_TITLE : peerName)
      state.stopTypingTitle = reaction(
        () => Boolean(chatStore.typing[conversationID]),
        (typing) => setTitle(typing ? PEER_TYPING_TITLE : this.data.peerName),
      )

      state.unsubscribe = chatStore.onChange(conversationID, (change) =>
        state.window.applyChange(change),
      )
      if (chatStore.messagesOf(conversationID).length > 0) state.window.showLatest()
      state.lengthAtHide = chatStore.messagesOf(conversationID).length
      im.openConversation(peerID).catch((error: unknown) =>
        showToast(messageOf(error, '聊天记录加载失败')),
      )
    },

    onShow() {
      ;(this as unknown as PrivacyMethods).watchPrivacy()
      const state = states.get(this)
      if (!state) return
      state.restoreNotify?.()
      state.restoreNotify = im.setMessageNotify((messages) => this.onIncoming(messages))
      im.markConversationRead(state.conversationID).catch(reportReadFailure)
      // What arrived while the page was hidden was appended unseen: bring it into view, or count it.
      const messages = chatStore.messagesOf(state.conversationID)
      const unseen = messages.slice(state.lengthAtHide).filter((message) => message.flow === 'in')
      if (unseen.length > 0) state.window.revealIncoming(unseen.length)
    },

    onHide() {
      const state = states.get(this)
      if (state) this.leave(state)
    },

    onUnload() {
      const state = states.get(this)
      if (!state) return
      this.leave(state)
      state.unsubscribe?.()
      state.unsubscribe = undefined
      state.stopTypingTitle?.()
      state.stopTypingTitle = undefined
      stopVoice(this)
      im.closeConversation(state.conversationID)
    },

    /** Off screen: the previous notify callback is current again, and what was typed is kept as a draft. */
    leave(state: ChatPageState) {
      state.restoreNotify?.()
      state.restoreNotify = undefined
      state.lengthAtHide = chatStore.messagesOf(state.conversationID).length
      draftStore.setDraft(state.conversationID, this.data.draft)
      draftStore.setQuote(state.conversationID, this.data.quote)
    },

    /** The current notify callback while the page is on screen: incoming messages of this chat are read. */
    onIncoming(messages: readonly MessageView[]) {
      const state = states.get(this)
      if (!state) return
      const incoming = messages.filter(
        (message) => message.conversationID === state.conversationID && message.flow === 'in',
      ).length
      if (incoming === 0) return
      im.markConversationRead(state.conversationID).catch(reportReadFailure)
      state.window.revealIncoming(incoming)
    },

    onReady() {
      // The real viewport height replaces the estimate once layout is known.
      const query = wx.createSelectorQuery().in(this)
      query.select('#message-list').boundingClientRect()
      query.exec((results: ({ height?: number } | null)[]) => {
        const state = states.get(this)
        const height = results?.[0]?.height
        if (state && typeof height === 'number' && height > 0)
          state.window.setViewportHeight(height)
      })
    },

    onScrollToUpper() {
      const state = states.get(this)
      state?.window
        .loadOlder(() => im.loadMoreMessages(state.conversationID))
        .catch((error: unknown) => showToast(messageOf(error, '加载更早的消息失败')))
    },

    onScroll(event: WechatMiniprogram.ScrollViewScroll) {
      const state = states.get(this)
      const { scrollTop, scrollHeight } = event.detail
      if (state?.window.scrolledTo(scrollTop, scrollHeight)) this.markRead(state)
    },

    onScrollToLower() {
      const state = states.get(this)
      if (state?.window.scrolledToBottom()) this.markRead(state)
    },

    /** The window was trimmed while paging back: jump to the newest messages again. */
    onTapLoadNewer() {
      this.jumpToLatest()
    },

    onTapNewMessagesPill() {
      this.jumpToLatest()
    },

    jumpToLatest() {
      const state = states.get(this)
      if (!state) return
      state.window.showLatest()
      this.markRead(state)
    },

    markRead(state: ChatPageState) {
      im.markConversationRead(state.conversationID).catch(reportReadFailure)
    },

    ...composerMethods((page) => states.get(page)?.peerID),
    ...mediaMethods,
    ...voiceMethods((page) => states.get(page)?.peerID),
    ...attachmentMethods((page) => states.get(page)?.peerID),
    ...cardMethods((page) => states.get(page)?.peerID),
    ...quoteMethods,

    /** Shows a loaded message (the window moves around it when outside) and scrolls to it. */
    revealMessage(messageID: string): boolean {
      return states.get(this)?.window.reveal(messageID) ?? false
    },

    setRowProgress(messageID: string, progress: number) {
      states.get(this)?.window.setRowProgress(messageID, progress)
    },

    setRowPlayed(messageID: string) {
      states.get(this)?.window.setRowPlayed(messageID)
    },

    ...messageMenuMethods((page) => states.get(page)?.peerID),

    onKeyboardHeightChange(event: WechatMiniprogram.CustomEvent<{ height: number }>) {
      const height = Math.max(0, event.detail.height)
      if (height === this.data.keyboardHeight) return
      const last = states.get(this)?.window.lastAnchor()
      this.setData({
        keyboardHeight: height,
        ...(height > 0 && last ? { scrollIntoView: last } : {}),
      })
    },
  },
})
