/**
 * The chat's rendered window over chatStore.messagesOf(conversationID): which slice of the conversation is on the
 * page as rows, whether the user follows the bottom or reads back, and the "N 条新消息" count. Store changes,
 * paging and jumps become path-based patches handed to `queue` (the page merges them into one setData per
 * tick), so one incoming message costs one small setData however long the history is.
 *
 * The newest INITIAL_WINDOW rows are rendered on open; scrolling to the top grows the window upward by a page,
 * up to MAX_WINDOW rows so the WXML node count stays bounded. Past MAX_WINDOW the newest rows are dropped and a
 * "查看更新的消息" row at the bottom brings them back on tap (a tap rather than scroll-to-bottom, which also fires
 * after programmatic scrolls on short windows).
 */
import { HISTORY_PAGE_SIZE } from '../../../im/messages'
import type { ChatChange, MessageView } from '../../../models/types'
import { chatStore } from '../../../stores/chat'
import { anchorOf, INITIAL_WINDOW, MAX_WINDOW, rowsOf, toRow, type MessageRow } from './rows'

export type Patch = Record<string, unknown>

/** Merges `patch` into the page's next setData; `replacesItems` drops the queued `items[i]` paths first. */
export type QueuePatch = (patch: Patch, replacesItems?: boolean) => void

/** Within this many px of the bottom counts as "at the bottom" (new messages scroll into view). */
const AT_BOTTOM_SLACK_PX = 80

export function createMessageWindow(
  conversationID: string,
  viewportHeight: number,
  queue: QueuePatch,
) {
  /** The rendered rows are messages[start, end). */
  let start = 0
  let end = 0
  let rows: MessageRow[] = []
  /** Length of the message list when the window last looked, to tell whether it followed the end. */
  let listLength = 0
  let newMessageCount = 0
  let atBottom = true
  let viewport = viewportHeight
  /** A history request is in flight (guards against starting another). */
  let loadingOlder = false
  /** The 加载中… hint is rendered; it goes in the same setData as the rows it was waiting for. */
  let loadingHintShown = false

  const messagesNow = () => chatStore.messagesOf(conversationID)
  const isHistoryComplete = () => start === 0 && chatStore.stateOf(conversationID).isCompleted
  const isFollowing = () => end === messagesNow().length
  const lastAnchor = (): string | undefined => rows[rows.length - 1]?.anchor

  /** Full re-render of the window (paging, removals, resets): not on the incoming-message path. */
  function render(messages: readonly MessageView[], scrollTo?: string): void {
    rows = rowsOf(messages, start, end, Date.now())
    const patch: Patch = {
      items: rows,
      noMoreHistory: isHistoryComplete(),
      hasNewer: end < messages.length,
    }
    if (scrollTo) patch.scrollIntoView = scrollTo
    queue(patch, true)
  }

  function showLatest(): void {
    const messages = messagesNow()
    listLength = messages.length
    end = messages.length
    start = Math.max(0, end - INITIAL_WINDOW)
    newMessageCount = 0
    atBottom = true
    queue({ newMessageCount: 0 })
    render(messages)
    const last = lastAnchor()
    if (last) queue({ scrollIntoView: last })
  }

  /** One page more above the window; the old top row stays in view. */
  function growUpward(messages: readonly MessageView[], anchor?: string): void {
    start = Math.max(0, start - HISTORY_PAGE_SIZE)
    if (end - start > MAX_WINDOW) end = start + MAX_WINDOW
    render(messages, anchor)
    // scroll-view has no scroll anchoring: removing the hint above the rows in a later setData would
    // slide the anchored row up by the hint's height. Queued in the same tick, it joins the rows' setData.
    if (loadingHintShown) {
      loadingHintShown = false
      queue({ loadingOlder: false })
    }
  }

  function applyAppend(
    messages: readonly MessageView[],
    appended: readonly MessageView[],
    index: number,
  ): void {
    // The window is scrolled back in history: the rows stay out; the notify callback counts them.
    if (end !== index) return
    const ownSent = appended.some((message) => message.flow === 'out')
    if (rows.length + appended.length > MAX_WINDOW) {
      capLiveWindow(messages, ownSent)
      return
    }
    const patch: Patch = {}
    const now = Date.now()
    appended.forEach((message, offset) => {
      const row = toRow(message, messages[index + offset - 1], now)
      patch[`items[${rows.length}]`] = row
      rows.push(row)
    })
    end += appended.length
    const last = lastAnchor()
    // Incoming messages scroll into view through the notify callback (only while the page is shown).
    if (ownSent && last) patch.scrollIntoView = last
    queue(patch)
  }

  /**
   * Live messages would push the window past MAX_WINDOW. Following the bottom (or sending): re-render the
   * newest INITIAL_WINDOW rows, so this full setData comes once per MAX_WINDOW - INITIAL_WINDOW messages and
   * the dropped ones come back from the store on scroll up. Reading further up: the rows stay out, the
   * 查看更新的消息 row appears and the notify callback counts them on the pill.
   */
  function capLiveWindow(messages: readonly MessageView[], ownSent: boolean): void {
    if (!atBottom && !ownSent) {
      queue({ hasNewer: true })
      return
    }
    end = messages.length
    start = Math.max(0, end - INITIAL_WINDOW)
    rows = rowsOf(messages, start, end, Date.now())
    const last = lastAnchor()
    queue(
      {
        items: rows,
        noMoreHistory: isHistoryComplete(),
        hasNewer: false,
        ...(last ? { scrollIntoView: last } : {}),
      },
      true,
    )
  }

  /**
   * The list was rebuilt (a message landed between others, or the conversation was cleared). Keep the
   * message the user sees at the top where it is instead of jumping to the newest.
   */
  function applyReset(messages: readonly MessageView[], wasFollowing: boolean): void {
    const topID = rows[0]?.id
    const top = topID === undefined ? -1 : messages.findIndex((message) => message.id === topID)
    if (top < 0) {
      showLatest()
      return
    }
    const size = rows.length
    start = top
    end = wasFollowing ? messages.length : Math.min(messages.length, top + size)
    if (end - start > MAX_WINDOW) end = start + MAX_WINDOW
    render(messages)
  }

  function applyUpdate(messages: readonly MessageView[], change: ChatChange): void {
    const index = change.index ?? -1
    const message = change.messages[0]
    if (!message || index < start || index >= end) return
    const rowIndex = index - start
    const row = { ...toRow(message, messages[index - 1], Date.now()) }
    row.separator = rows[rowIndex]?.separator ?? row.separator
    rows[rowIndex] = row
    queue({ [`items[${rowIndex}]`]: row })
  }

  function applyRemove(messages: readonly MessageView[], index: number): void {
    if (index < start) {
      start = Math.max(0, start - 1)
      end = Math.max(start, end - 1)
    } else if (index < end) {
      end -= 1
      render(messages)
    }
  }

  /** One field of one rendered row, by path (nothing when the row is outside the window). */
  function setRowField(messageID: string, field: 'progress' | 'unplayed', value: unknown): void {
    const index = rows.findIndex((row) => row.id === messageID)
    if (index < 0) return
    rows[index] = { ...rows[index]!, [field]: value }
    queue({ [`items[${index}].${field}`]: value })
  }

  /** Takes the pill away; true when there was a count (what it counted is read now). */
  function clearNewMessages(): boolean {
    if (newMessageCount === 0) return false
    newMessageCount = 0
    queue({ newMessageCount: 0 })
    return true
  }

  return {
    showLatest,
    isFollowing,
    lastAnchor,

    setViewportHeight(height: number): void {
      viewport = height
    },

    applyChange(change: ChatChange): void {
      const messages = messagesNow()
      const wasFollowing = end >= listLength
      listLength = messages.length
      switch (change.kind) {
        case 'append':
          applyAppend(messages, change.messages, change.index ?? messages.length)
          return
        case 'prepend': {
          const anchor = rows[0]?.anchor
          start += change.messages.length
          end += change.messages.length
          if (loadingOlder) growUpward(messages, anchor)
          else if (rows.length === 0) showLatest()
          else queue({ noMoreHistory: isHistoryComplete() })
          return
        }
        case 'update':
          applyUpdate(messages, change)
          return
        case 'remove':
          applyRemove(messages, change.index ?? -1)
          return
        case 'reset':
          applyReset(messages, wasFollowing)
          return
      }
    },

    /** Keeps the list at the bottom when the user follows it; otherwise the pill counts what came. */
    revealIncoming(count: number): void {
      const last = lastAnchor()
      if (atBottom && isFollowing() && last) {
        queue({ scrollIntoView: last })
        return
      }
      newMessageCount += count
      queue({ newMessageCount })
    },

    /** Shows a loaded message (the window moves around it when outside) and scrolls to it. */
    reveal(messageID: string): boolean {
      const messages = messagesNow()
      const index = messages.findIndex((message) => message.id === messageID)
      if (index < 0) return false
      const anchor = anchorOf(messageID)
      if (index < start || index >= end) {
        // A few rows above it give context; the rows below lead back down (查看更新的消息 when trimmed).
        start = Math.max(0, index - 3)
        end = Math.min(messages.length, start + INITIAL_WINDOW)
        atBottom = false
        render(messages, anchor)
      } else {
        queue({ scrollIntoView: anchor })
      }
      queue({ highlightID: messageID })
      return true
    },

    setRowProgress(messageID: string, progress: number): void {
      setRowField(messageID, 'progress', progress)
    },

    setRowPlayed(messageID: string): void {
      setRowField(messageID, 'unplayed', false)
    },

    /**
     * Scroll to the top: the rows above the window from the store, or one more page from the server through
     * `loadMore` with the 加载中… hint shown meanwhile. Rejects with `loadMore`'s failure.
     */
    async loadOlder(loadMore: () => Promise<void>): Promise<void> {
      if (loadingOlder) return
      if (start > 0) {
        growUpward(messagesNow(), rows[0]?.anchor)
        return
      }
      if (chatStore.stateOf(conversationID).isCompleted) {
        queue({ noMoreHistory: true })
        return
      }
      loadingOlder = true
      loadingHintShown = true
      queue({ loadingOlder: true })
      try {
        await loadMore()
      } finally {
        loadingOlder = false
        // Normally the page's rows already took the hint away; this covers an empty page or a failure.
        if (loadingHintShown) {
          loadingHintShown = false
          queue({ loadingOlder: false, noMoreHistory: isHistoryComplete() })
        }
      }
    },

    /** A scroll event; true when the user reached the newest message and the pill's count was cleared. */
    scrolledTo(scrollTop: number, scrollHeight: number): boolean {
      atBottom = scrollHeight - scrollTop - viewport <= AT_BOTTOM_SLACK_PX
      return atBottom && isFollowing() && clearNewMessages()
    },

    /** scroll-to-lower; true when the pill's count was cleared. */
    scrolledToBottom(): boolean {
      atBottom = true
      return isFollowing() && clearNewMessages()
    },
  }
}

export type MessageWindow = ReturnType<typeof createMessageWindow>
