/**
 * "对方正在输入…": online-only custom messages in the shape Tencent's TUIKit sends and understands
 * (businessID `user_typing_status`, `typingStatus` 1/0, and `userAction` 14 / `actionParam` for its older
 * versions). Sent at most once per TYPING_SEND_INTERVAL_MS per peer; shown for TYPING_SHOW_MS after the last
 * signal, or until the peer's next real message. Never stored, never counted unread.
 */
import type { ChatSDK, Message } from 'tim-wx-sdk'
import { c2cConversationID } from '../models/mapping'
import type { ImStores, Logger, SdkCall, Timers } from './types'

export const TYPING_BUSINESS_ID = 'user_typing_status'
export const TYPING_SEND_INTERVAL_MS = 4_000
export const TYPING_SHOW_MS = 6_000

export interface TypingContext {
  call: SdkCall
  stores: Pick<ImStores, 'chat'>
  now(): number
  timers: Timers
  log: Logger
}

/** The typing status a message carries: 1 typing, 0 stopped, undefined for any other message. */
export function typingStatusOf(message: Message): number | undefined {
  if (message.type !== 'TIMCustomElem') return undefined
  try {
    const data = JSON.parse((message.payload as { data?: string }).data ?? '') as {
      businessID?: unknown
      typingStatus?: unknown
    } | null
    if (data?.businessID !== TYPING_BUSINESS_ID) return undefined
    return data.typingStatus === 0 ? 0 : 1
  } catch (_notJson) {
    return undefined
  }
}

export function createTyping(context: TypingContext) {
  const lastSent = new Map<string, number>()
  const expiries = new Map<string, unknown>()

  function show(conversationID: string, isTyping: boolean): void {
    const pending = expiries.get(conversationID)
    if (pending !== undefined) context.timers.clearTimeout(pending)
    expiries.delete(conversationID)
    context.stores.chat.setPeerTyping(conversationID, isTyping)
    if (!isTyping) return
    expiries.set(
      conversationID,
      context.timers.setTimeout(() => show(conversationID, false), TYPING_SHOW_MS),
    )
  }

  function sendTyping(peerID: string): void {
    const to = typeof peerID === 'string' ? peerID.trim() : ''
    const now = context.now()
    if (!to || now - (lastSent.get(to) ?? -Infinity) < TYPING_SEND_INTERVAL_MS) return
    lastSent.set(to, now)
    const data = JSON.stringify({
      businessID: TYPING_BUSINESS_ID,
      typingStatus: 1,
      version: 1,
      userAction: 14,
      actionParam: 'EIMAMSG_InputStatus_Ing',
    })
    context
      .call((tim: ChatSDK) =>
        tim.sendMessage(
          tim.createCustomMessage({
            to,
            conversationType: 'C2C',
            payload: { data, description: '', extension: '' },
          }),
          { onlineUserOnly: true },
        ),
      )
      .catch((error: unknown) => context.log.debug('typing signal not sent', error))
  }

  return {
    sendTyping,
    /** Takes the typing signals out of a received batch (and shows them); the rest are messages. */
    filterReceived(messages: readonly Message[]): Message[] {
      const rest: Message[] = []
      for (const message of messages) {
        const status = typingStatusOf(message)
        if (status === undefined) {
          // The peer's real message ends its typing, as in WeChat.
          if (message.flow === 'in') show(message.conversationID, false)
          rest.push(message)
        } else if (message.flow === 'in') {
          show(message.conversationID || c2cConversationID(message.from), status === 1)
        }
      }
      return rest
    },
    forget(): void {
      for (const handle of expiries.values()) context.timers.clearTimeout(handle)
      expiries.clear()
      lastSent.clear()
    },
  }
}
