/** Tencent's reply envelope and message shapes, and lenient readers for request fields. */
import type { ChatMessage, ProfileItem } from './model-types'

/** The reply envelope fields. */
export type ReplyStatus = {
  ActionStatus: 'OK' | 'FAIL'
  ErrorCode: number
  ErrorInfo: string
}

export const ok = (): ReplyStatus => ({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' })

export const fail = (code: number, info: string): ReplyStatus => ({
  ActionStatus: 'FAIL',
  ErrorCode: code,
  ErrorInfo: info,
})

/** A C2C message as Tencent's pushes, sync and roaming replies carry it. */
export function messageToWire(message: ChatMessage, extra: Record<string, unknown> = {}) {
  return {
    From_Account: message.from,
    To_Account: message.to,
    MsgSeq: message.msgSeq,
    MsgRandom: message.msgRandom,
    MsgTimeStamp: message.time,
    MsgBody: message.body,
    CloudCustomData: message.cloudCustomData,
    MsgClientTime: message.clientTime,
    From_AccountNick: message.nick,
    From_AccountHeadurl: message.avatar,
    TinyId: message.senderTinyID,
    IsNeedReadReceipt: message.needReadReceipt ? 1 : 0,
    IsPeerRead: message.peerRead ? 1 : 0,
    MsgFlagBits: message.revoked ? 8 : 0,
    MsgKey: message.key,
    // The SDK keeps an online-only message out of history, unread and the last message by this.
    ...(message.onlineOnly ? { MsgLifeTime: 0 } : {}),
    ...extra,
  }
}

export function profileItems(items: ProfileItem[]) {
  return items.map((item) => ({ Tag: item.Tag, Value: item.Value }))
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value)
  }
  return undefined
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return asArray(value).filter((item): item is string => typeof item === 'string')
}
