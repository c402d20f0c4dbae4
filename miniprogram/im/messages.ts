/**
 * Messages: incoming ones into chatStore and on to the one current notify callback (pages swap it, seed 000),
 * sending, resending, recalling, deleting and history. The SDK's own message objects stay in this closure.
 */
import type { ChatSDK, Message } from 'tim-wx-sdk'
import { REVOKE_WINDOW_MS } from '../models/format'
import { c2cConversationID, isC2CConversationID, toMessageView } from '../models/mapping'
import { isTextTooLong, TEXT_TOO_LONG_MESSAGE } from '../models/text'
import type { MessageView } from '../models/types'
import { AppErrorCode, ErrorCode, ImError, toImError } from './errors'
import type { ImStores, Logger, MessageNotifyCallback, Restore, SdkCall } from './types'

export const HISTORY_PAGE_SIZE = 15

export interface MessagesContext {
  call: SdkCall
  isCurrent(tim: ChatSDK): boolean
  stores: Pick<ImStores, 'chat' | 'batch'>
  now(): number
  log: Logger
}

export function requirePeer(peerID: string): string {
  if (typeof peerID !== 'string' || peerID.trim() === '') {
    throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'peerID', '请选择聊天对象')
  }
  return peerID.trim()
}

export function createMessages(context: MessagesContext) {
  const { stores, log, call } = context
  /** The SDK's message objects, needed to resend, recall and delete. Never leave this module. */
  const sdkMessages = new Map<string, Message>()
  const historyLoads = new Map<string, Promise<void>>()
  /** Installed callbacks, newest last; the newest is the current one. */
  const notifyStack: { callback: MessageNotifyCallback }[] = []

  function remember(messages: readonly Message[]): void {
    for (const message of messages) sdkMessages.set(message.ID, message)
  }

  function storeMessages(messages: readonly Message[]): MessageView[] {
    remember(messages)
    const now = context.now()
    const views = messages
      .filter((message) => isC2CConversationID(message.conversationID))
      .map((message) => toMessageView(message, now))
    const grouped = new Map<string, MessageView[]>()
    for (const view of views) {
      const list = grouped.get(view.conversationID) ?? []
      list.push(view)
      grouped.set(view.conversationID, list)
    }
    stores.batch(() => {
      for (const [conversationID, list] of grouped) stores.chat.upsertMessages(conversationID, list)
    })
    return views
  }

  function storeOne(message: Message): MessageView {
    return storeMessages([message])[0] ?? toMessageView(message, context.now())
  }

  function onReceived(messages: readonly Message[]): void {
    const views = storeMessages(messages)
    const current = notifyStack[notifyStack.length - 1]
    if (views.length === 0 || !current) return
    try {
      current.callback(views)
    } catch (error) {
      log.error('message notify callback failed', error)
    }
  }

  function setMessageNotify(callback: MessageNotifyCallback): Restore {
    const entry = { callback }
    notifyStack.push(entry)
    return () => {
      const index = notifyStack.indexOf(entry)
      if (index >= 0) notifyStack.splice(index, 1)
    }
  }

  /** A page of history on the ready SDK, with the instance it came from (a newer one makes it stale). */
  function historyPage(conversationID: string, nextReqMessageID = '') {
    return call(async (tim) => ({
      tim,
      page: (
        await tim.getMessageList({
          conversationID,
          count: HISTORY_PAGE_SIZE,
          ...(nextReqMessageID ? { nextReqMessageID } : {}),
        })
      ).data,
    }))
  }

  async function loadHistoryPage(conversationID: string): Promise<void> {
    const state = stores.chat.stateOf(conversationID)
    if (state.isCompleted) return
    const { tim, page } = await historyPage(conversationID, state.nextReqMessageID)
    if (!context.isCurrent(tim)) return
    remember(page.messageList)
    const now = context.now()
    const views = page.messageList.map((message) => toMessageView(message, now))
    // The SDK sets isCompleted only from the server's Complete flag; pages it serves from its own
    // cache (messages received live) never carry it, so an empty older page is the end too.
    const reachedStart = Boolean(page.isCompleted) || page.messageList.length === 0
    stores.chat.prependHistory(conversationID, views, page.nextReqMessageID || '', reachedStart)
  }

  function loadMoreMessages(conversationID: string): Promise<void> {
    const running = historyLoads.get(conversationID)
    if (running) return running
    const load = loadHistoryPage(conversationID).finally(() => {
      if (historyLoads.get(conversationID) === load) historyLoads.delete(conversationID)
    })
    historyLoads.set(conversationID, load)
    return load
  }

  /**
   * Sends a message made on the ready SDK; a failure names the message (shown as 发送失败, resendable). A send
   * the UserSig's expiry cut off (refused before the server took it) goes again, as a resend of the same
   * message, once the SDK has logged in again.
   */
  async function send(make: (tim: ChatSDK) => Message, resend = false): Promise<MessageView> {
    let made: Message | undefined
    try {
      const response = await call((tim) => {
        const again = made !== undefined
        made ??= make(tim)
        storeOne(made)
        return resend || again ? tim.resendMessage(made) : tim.sendMessage(made)
      })
      return storeOne(response.data.message)
    } catch (error) {
      const failure = toImError(error)
      if (!made) throw failure
      // The SDK marks the message failed on its own object: show that state.
      storeOne(made)
      throw new ImError(failure.code, failure.detail, failure.message, made.ID)
    }
  }

  function sdkMessage(messageID: string): Message {
    const message = sdkMessages.get(messageID)
    if (!message) {
      throw new ImError(AppErrorCode.MESSAGE_NOT_FOUND, messageID, '消息不存在或已被删除')
    }
    return message
  }

  /** Makes the chat with `peerID` the open one and loads its newest page (read state is the page's call). */
  async function openConversation(peerID: string): Promise<string> {
    const conversationID = c2cConversationID(requirePeer(peerID))
    stores.chat.setActiveConversation(conversationID)
    const state = stores.chat.stateOf(conversationID)
    if (!state.isCompleted && state.nextReqMessageID === '') await loadMoreMessages(conversationID)
    return conversationID
  }

  function closeConversation(conversationID: string): void {
    if (stores.chat.activeConversationID === conversationID) stores.chat.setActiveConversation('')
  }

  async function sendText(peerID: string, text: string): Promise<MessageView> {
    const to = requirePeer(peerID)
    if (typeof text !== 'string' || text.trim() === '') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'text', '不能发送空白消息')
    }
    if (isTextTooLong(text))
      throw new ImError(ErrorCode.BODY_SIZE_LIMIT, 'text', TEXT_TOO_LONG_MESSAGE)
    return send((tim) => tim.createTextMessage({ to, conversationType: 'C2C', payload: { text } }))
  }

  async function sendImage(peerID: string, filePath: string, size?: number): Promise<MessageView> {
    const to = requirePeer(peerID)
    if (typeof filePath !== 'string' || filePath === '') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'filePath', '请选择图片')
    }
    const file = { tempFilePath: filePath, path: filePath, ...(size ? { size } : {}) }
    return send((tim) =>
      tim.createImageMessage({
        to,
        conversationType: 'C2C',
        payload: { file: { tempFiles: [file] } },
      }),
    )
  }

  async function resend(messageID: string): Promise<MessageView> {
    const message = sdkMessage(messageID)
    if (message.flow !== 'out' || message.status !== 'fail') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, messageID, '只有发送失败的消息可以重发')
    }
    return send(() => message, true)
  }

  async function revoke(messageID: string): Promise<void> {
    const message = sdkMessage(messageID)
    if (message.flow !== 'out' || message.status !== 'success') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, messageID, '只能撤回自己已发送的消息')
    }
    if (context.now() - message.time * 1000 >= REVOKE_WINDOW_MS) {
      throw new ImError(ErrorCode.REVOKE_TIME_LIMIT_EXCEEDED, messageID)
    }
    storeOne((await call((tim) => tim.revokeMessage(message))).data.message)
  }

  async function deleteMessage(messageID: string): Promise<void> {
    const message = sdkMessage(messageID)
    // A message that never reached the server only exists here.
    if (message.status === 'success') await call((tim) => tim.deleteMessage([message]))
    sdkMessages.delete(messageID)
    stores.chat.removeMessage(message.conversationID, messageID)
  }

  return {
    /** The part of the IM door's public API this module provides. */
    api: {
      setMessageNotify,
      openConversation,
      closeConversation,
      loadMoreMessages,
      sendText,
      sendImage,
      resend,
      revoke,
      deleteMessage,
    },
    sdkHandlers: {
      onMessageReceived: onReceived,
      onMessageRevoked: (messages: Message[]) => void storeMessages(messages),
      onMessageReadByPeer: (messages: Message[]) => {
        storeMessages(messages)
        stores.batch(() => {
          for (const message of messages) {
            stores.chat.setPeerReadTime(message.conversationID, message.time * 1000)
          }
        })
      },
    },

    /** App.onShow: the newest page of the open chat, which may have grown in the background. */
    async reloadActive(): Promise<void> {
      const active = stores.chat.activeConversationID
      if (!active) return
      const { tim, page } = await historyPage(active)
      if (context.isCurrent(tim)) storeMessages(page.messageList)
    },

    /**
     * For sibling modules that make new kinds of message (create.ts wires them): send a message made on the
     * ready SDK, and find the SDK's own object behind a view. Never handed outside im/.
     */
    send,
    sdkMessage,

    forget(): void {
      sdkMessages.clear()
      historyLoads.clear()
    },
  }
}
