/**
 * The chat with one peer. Messages are NOT bound through store bindings: the page subscribes to
 * chatStore.onChange and applies path updates (`items[37]`), so one incoming message costs one small setData
 * however long the history is. Only a window of the list is rendered (the newest INITIAL_WINDOW on open,
 * growing upward by a page on scroll-to-top, at most MAX_WINDOW rows) to keep the WXML node count bounded.
 * Past MAX_WINDOW the newest rows are dropped; a "查看更新的消息" row at the bottom brings them back on tap
 * (a tap rather than scroll-to-bottom, which also fires after programmatic scrolls on short windows).
 *
 * Read state: while the page is on screen (onShow → onHide/onUnload) its message-notify callback is the IM
 * door's current one; only that callback marks incoming messages read and scrolls to them (or counts them on
 * the "N 条新消息" pill). In the background or under another page nothing is marked read; showing the page again
 * marks everything in it read. What the user typed stays with the conversation as a draft.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { privacyBehavior, type PrivacyMethods } from '../../../components/behaviors/privacy'
import { themeBehavior } from '../../../components/behaviors/theme'
import { im, type Restore } from '../../../im/index'
import { profilePageUrl, reportPageUrl } from '../../../pages/navigation'
import { HISTORY_PAGE_SIZE } from '../../../im/messages'
import { isRevocable } from '../../../models/format'
import { c2cConversationID } from '../../../models/mapping'
import { isTextTooLong, TEXT_MESSAGE_MAX_BYTES, TEXT_TOO_LONG_MESSAGE } from '../../../models/text'
import type { ChatChange, MessageView, ReplyView } from '../../../models/types'
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
import { quoteMethods, quoteSheetActions, type QuotePage } from './quote-actions'
import { anchorOf, INITIAL_WINDOW, MAX_WINDOW, rowsOf, toRow, type MessageRow } from './rows'
import { voiceMethods } from './voice-actions'

/** The title while the peer types (WeChat's wording). */
const PEER_TYPING_TITLE = '对方正在输入…'
/** Within this many px of the bottom counts as "at the bottom" (new messages scroll into view). */
const AT_BOTTOM_SLACK_PX = 80
/** The input bar's height in px, for the viewport estimate before the first layout query answers. */
const INPUT_BAR_PX = 56

interface ChatPageState {
  peerID: string
  conversationID: string
  /** The rendered window is messages[start, end) of chatStore.messagesOf(conversationID). */
  start: number
  end: number
  rows: MessageRow[]
  newMessageCount: number
  atBottom: boolean
  viewportHeight: number
  /** A history request is in flight (guards against starting another). */
  loadingOlder: boolean
  /** The 加载中… hint is rendered; it goes in the same setData as the rows it was waiting for. */
  loadingHintShown: boolean
  pending: Record<string, unknown> | null
  /** Length of the message list when the page last looked, to tell whether the window followed its end. */
  listLength: number
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
      const state: ChatPageState = {
        peerID,
        conversationID,
        start: 0,
        end: 0,
        rows: [],
        newMessageCount: 0,
        atBottom: true,
        viewportHeight: viewportEstimate(),
        loadingOlder: false,
        loadingHintShown: false,
        pending: null,
        listLength: 0,
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

      state.unsubscribe = chatStore.onChange(conversationID, (change) => this.applyChange(change))
      if (chatStore.messagesOf(conversationID).length > 0) this.showLatest()
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
      if (unseen.length > 0) this.revealIncoming(state, unseen.length)
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
      this.revealIncoming(state, incoming)
    },

    /** Keeps the list at the bottom when the user follows it; otherwise the pill counts what came. */
    revealIncoming(state: ChatPageState, count: number) {
      const following = state.end === chatStore.messagesOf(state.conversationID).length
      const last = state.rows[state.rows.length - 1]
      if (state.atBottom && following && last) {
        this.queue({ scrollIntoView: last.anchor })
        return
      }
      state.newMessageCount += count
      this.queue({ newMessageCount: state.newMessageCount })
    },

    onReady() {
      // The real viewport height replaces the estimate once layout is known.
      const query = wx.createSelectorQuery().in(this)
      query.select('#message-list').boundingClientRect()
      query.exec((results: ({ height?: number } | null)[]) => {
        const state = states.get(this)
        const height = results?.[0]?.height
        if (state && typeof height === 'number' && height > 0) state.viewportHeight = height
      })
    },

    /** Merges updates made in the same tick into one setData. */
    queue(patch: Record<string, unknown>, replacesItems = false) {
      const state = states.get(this)
      if (!state) return
      if (!state.pending) {
        state.pending = {}
        Promise.resolve().then(() => this.flush())
      }
      if (replacesItems) {
        for (const key of Object.keys(state.pending)) {
          if (key.startsWith('items[')) delete state.pending[key]
        }
      }
      Object.assign(state.pending, patch)
    },

    flush() {
      const state = states.get(this)
      if (!state?.pending) return
      const patch = state.pending
      state.pending = null
      this.setData(patch)
    },

    applyChange(change: ChatChange) {
      const state = states.get(this)
      if (!state) return
      const messages = chatStore.messagesOf(state.conversationID)
      const wasFollowing = state.end >= state.listLength
      state.listLength = messages.length
      switch (change.kind) {
        case 'append':
          this.applyAppend(state, messages, change.messages, change.index ?? messages.length)
          return
        case 'prepend': {
          const anchor = state.rows[0]?.anchor
          state.start += change.messages.length
          state.end += change.messages.length
          if (state.loadingOlder) this.growUpward(state, messages, anchor)
          else if (state.rows.length === 0) this.showLatest()
          else this.queue({ noMoreHistory: this.isHistoryComplete(state) })
          return
        }
        case 'update': {
          const index = change.index ?? -1
          const message = change.messages[0]
          if (!message || index < state.start || index >= state.end) return
          const rowIndex = index - state.start
          const row = { ...toRow(message, messages[index - 1], Date.now()) }
          row.separator = state.rows[rowIndex]?.separator ?? row.separator
          state.rows[rowIndex] = row
          this.queue({ [`items[${rowIndex}]`]: row })
          return
        }
        case 'remove': {
          const index = change.index ?? -1
          if (index < state.start) {
            state.start = Math.max(0, state.start - 1)
            state.end = Math.max(state.start, state.end - 1)
          } else if (index < state.end) {
            state.end -= 1
            this.render(state, messages)
          }
          return
        }
        case 'reset':
          this.applyReset(state, messages, wasFollowing)
          return
      }
    },

    applyAppend(
      state: ChatPageState,
      messages: readonly MessageView[],
      appended: readonly MessageView[],
      index: number,
    ) {
      // The window is scrolled back in history: the rows stay out; the notify callback counts them.
      if (state.end !== index) return
      const ownSent = appended.some((message) => message.flow === 'out')
      if (state.rows.length + appended.length > MAX_WINDOW) {
        this.capLiveWindow(state, messages, ownSent)
        return
      }
      const patch: Record<string, unknown> = {}
      const now = Date.now()
      appended.forEach((message, offset) => {
        const row = toRow(message, messages[index + offset - 1], now)
        patch[`items[${state.rows.length}]`] = row
        state.rows.push(row)
      })
      state.end += appended.length
      const last = state.rows[state.rows.length - 1]
      // Incoming messages scroll into view through the notify callback (only while the page is shown).
      if (ownSent && last) patch.scrollIntoView = last.anchor
      this.queue(patch)
    },

    /**
     * Live messages would push the window past MAX_WINDOW. Following the bottom (or sending): re-render the
     * newest INITIAL_WINDOW rows, so this full setData comes once per MAX_WINDOW - INITIAL_WINDOW messages and
     * the dropped ones come back from the store on scroll up. Reading further up: the rows stay out, the
     * 查看更新的消息 row appears and the notify callback counts them on the pill.
     */
    capLiveWindow(state: ChatPageState, messages: readonly MessageView[], ownSent: boolean) {
      if (!state.atBottom && !ownSent) {
        this.queue({ hasNewer: true })
        return
      }
      state.end = messages.length
      state.start = Math.max(0, state.end - INITIAL_WINDOW)
      state.rows = rowsOf(messages, state.start, state.end, Date.now())
      const last = state.rows[state.rows.length - 1]
      this.queue(
        {
          items: state.rows,
          noMoreHistory: this.isHistoryComplete(state),
          hasNewer: false,
          ...(last ? { scrollIntoView: last.anchor } : {}),
        },
        true,
      )
    },

    /**
     * The list was rebuilt (a message landed between others, or the conversation was cleared). Keep the
     * message the user sees at the top where it is instead of jumping to the newest.
     */
    applyReset(state: ChatPageState, messages: readonly MessageView[], wasFollowing: boolean) {
      const topID = state.rows[0]?.id
      const top = topID === undefined ? -1 : messages.findIndex((message) => message.id === topID)
      if (top < 0) {
        this.showLatest()
        return
      }
      const size = state.rows.length
      state.start = top
      state.end = wasFollowing ? messages.length : Math.min(messages.length, top + size)
      if (state.end - state.start > MAX_WINDOW) state.end = state.start + MAX_WINDOW
      this.render(state, messages)
    },

    isHistoryComplete(state: ChatPageState): boolean {
      return state.start === 0 && chatStore.stateOf(state.conversationID).isCompleted
    },

    /** Full re-render of the window (paging, removals, resets): not on the incoming-message path. */
    render(state: ChatPageState, messages: readonly MessageView[], scrollTo?: string) {
      state.rows = rowsOf(messages, state.start, state.end, Date.now())
      const patch: Record<string, unknown> = {
        items: state.rows,
        noMoreHistory: this.isHistoryComplete(state),
        hasNewer: state.end < messages.length,
      }
      if (scrollTo) patch.scrollIntoView = scrollTo
      this.queue(patch, true)
    },

    showLatest() {
      const state = states.get(this)
      if (!state) return
      const messages = chatStore.messagesOf(state.conversationID)
      state.listLength = messages.length
      state.end = messages.length
      state.start = Math.max(0, state.end - INITIAL_WINDOW)
      state.newMessageCount = 0
      state.atBottom = true
      this.queue({ newMessageCount: 0 })
      this.render(state, messages)
      const last = state.rows[state.rows.length - 1]
      if (last) this.queue({ scrollIntoView: last.anchor })
    },

    /** One page more above the window; the old top row stays in view. */
    growUpward(state: ChatPageState, messages: readonly MessageView[], anchor?: string) {
      state.start = Math.max(0, state.start - HISTORY_PAGE_SIZE)
      if (state.end - state.start > MAX_WINDOW) state.end = state.start + MAX_WINDOW
      this.render(state, messages, anchor)
      // scroll-view has no scroll anchoring: removing the hint above the rows in a later setData would
      // slide the anchored row up by the hint's height. Queued in the same tick, it joins the rows' setData.
      if (state.loadingHintShown) {
        state.loadingHintShown = false
        this.queue({ loadingOlder: false })
      }
    },

    async onScrollToUpper() {
      const state = states.get(this)
      if (!state || state.loadingOlder) return
      const messages = chatStore.messagesOf(state.conversationID)
      if (state.start > 0) {
        this.growUpward(state, messages, state.rows[0]?.anchor)
        return
      }
      if (chatStore.stateOf(state.conversationID).isCompleted) {
        this.queue({ noMoreHistory: true })
        return
      }
      state.loadingOlder = true
      state.loadingHintShown = true
      this.setData({ loadingOlder: true })
      try {
        await im.loadMoreMessages(state.conversationID)
      } catch (error) {
        showToast(messageOf(error, '加载更早的消息失败'))
      } finally {
        state.loadingOlder = false
        // Normally the page's rows already took the hint away; this covers an empty page or a failure.
        if (state.loadingHintShown) {
          state.loadingHintShown = false
          this.queue({ loadingOlder: false, noMoreHistory: this.isHistoryComplete(state) })
        }
      }
    },

    onScroll(event: WechatMiniprogram.ScrollViewScroll) {
      const state = states.get(this)
      if (!state) return
      const { scrollTop, scrollHeight } = event.detail
      state.atBottom = scrollHeight - scrollTop - state.viewportHeight <= AT_BOTTOM_SLACK_PX
      if (state.atBottom && state.end === chatStore.messagesOf(state.conversationID).length) {
        this.clearNewMessages(state)
      }
    },

    onScrollToLower() {
      const state = states.get(this)
      if (!state) return
      state.atBottom = true
      if (state.end === chatStore.messagesOf(state.conversationID).length) {
        this.clearNewMessages(state)
      }
    },

    /** The window was trimmed while paging back: jump to the newest messages again. */
    onTapLoadNewer() {
      const state = states.get(this)
      if (!state) return
      this.showLatest()
      im.markConversationRead(state.conversationID).catch(reportReadFailure)
    },

    clearNewMessages(state: ChatPageState) {
      if (state.newMessageCount === 0) return
      state.newMessageCount = 0
      this.queue({ newMessageCount: 0 })
      im.markConversationRead(state.conversationID).catch(reportReadFailure)
    },

    onTapNewMessagesPill() {
      const state = states.get(this)
      if (!state) return
      this.showLatest()
      im.markConversationRead(state.conversationID).catch(reportReadFailure)
    },

    ...composerMethods((page) => states.get(page)?.peerID),
    ...mediaMethods,
    ...voiceMethods((page) => states.get(page)?.peerID),
    ...attachmentMethods((page) => states.get(page)?.peerID),
    ...cardMethods((page) => states.get(page)?.peerID),
    ...quoteMethods,

    /** Shows a loaded message (the window moved around it when outside) and scrolls to it. */
    revealMessage(messageID: string): boolean {
      const state = states.get(this)
      if (!state) return false
      const messages = chatStore.messagesOf(state.conversationID)
      const index = messages.findIndex((message) => message.id === messageID)
      if (index < 0) return false
      const anchor = anchorOf(messageID)
      if (index < state.start || index >= state.end) {
        // A few rows above it give context; the rows below lead back down (查看更新的消息 when trimmed).
        state.start = Math.max(0, index - 3)
        state.end = Math.min(messages.length, state.start + INITIAL_WINDOW)
        state.atBottom = false
        this.render(state, messages, anchor)
      } else {
        this.queue({ scrollIntoView: anchor })
      }
      this.queue({ highlightID: messageID })
      return true
    },

    setRowProgress(messageID: string, progress: number) {
      const state = states.get(this)
      const index = state?.rows.findIndex((row) => row.id === messageID) ?? -1
      if (!state || index < 0) return
      state.rows[index] = { ...state.rows[index]!, progress }
      this.queue({ [`items[${index}].progress`]: progress })
    },

    setRowPlayed(messageID: string) {
      const state = states.get(this)
      const index = state?.rows.findIndex((row) => row.id === messageID) ?? -1
      if (!state || index < 0) return
      state.rows[index] = { ...state.rows[index]!, unplayed: false }
      this.queue({ [`items[${index}].unplayed`]: false })
    },

    onTapStatus(event: WechatMiniprogram.TouchEvent<object, object, { messageId: string }>) {
      const messageID = event.currentTarget.dataset.messageId
      const message = chatStore.findMessage(messageID)
      if (!message || message.status !== 'failed') return
      im.resend(messageID).catch((error: unknown) => showToast(messageOf(error, '重发失败')))
    },

    /** WeChat's way to a peer's profile card: tap their avatar in the chat. */
    onTapAvatar(event: WechatMiniprogram.TouchEvent<object, object, { flow: string }>) {
      const peerID = states.get(this)?.peerID
      if (event.currentTarget.dataset.flow === 'in' && peerID) {
        wx.navigateTo({ url: profilePageUrl(peerID) })
      }
    },

    onLongPressMessage(event: WechatMiniprogram.TouchEvent<object, object, { messageId: string }>) {
      const message = chatStore.findMessage(event.currentTarget.dataset.messageId)
      if (!message || message.isRevoked) return
      const actions: { label: string; run: () => Promise<unknown> }[] = []
      if (message.type === 'text') {
        actions.push({
          label: '复制',
          run: () =>
            new Promise((resolve, reject) =>
              wx.setClipboardData({ data: message.text, success: resolve, fail: reject }),
            ),
        })
      }
      actions.push(...quoteSheetActions(this as unknown as QuotePage, message))
      actions.push({ label: '删除', run: () => im.deleteMessage(message.id) })
      if (isRevocable(message.flow, message.status, message.isRevoked, message.time, Date.now())) {
        actions.push({ label: '撤回', run: () => im.revoke(message.id) })
      }
      const peerID = states.get(this)?.peerID
      if (message.flow === 'in' && peerID) {
        actions.push({
          label: '举报',
          run: async () => void wx.navigateTo({ url: reportPageUrl(peerID, message.id) }),
        })
      }
      wx.showActionSheet({
        itemList: actions.map((action) => action.label),
        success: (result) => {
          const action = actions[result.tapIndex]
          action?.run().catch((error: unknown) => showToast(messageOf(error, '操作失败')))
        },
      })
    },

    onKeyboardHeightChange(event: WechatMiniprogram.CustomEvent<{ height: number }>) {
      const state = states.get(this)
      const height = Math.max(0, event.detail.height)
      if (height === this.data.keyboardHeight) return
      const last = state?.rows[state.rows.length - 1]
      this.setData({
        keyboardHeight: height,
        ...(height > 0 && last ? { scrollIntoView: last.anchor } : {}),
      })
    },
  },
})
