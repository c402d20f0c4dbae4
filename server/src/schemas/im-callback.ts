import { Type, type Static } from '@sinclair/typebox'

/** The query Tencent IM adds to the callback URL; Sign/RequestTime come with callback authentication. */
export const CallbackQuery = Type.Object({
  SdkAppid: Type.Optional(Type.String()),
  CallbackCommand: Type.Optional(Type.String()),
  contenttype: Type.Optional(Type.String()),
  ClientIP: Type.Optional(Type.String()),
  OptPlatform: Type.Optional(Type.String()),
  Sign: Type.Optional(Type.String()),
  RequestTime: Type.Optional(Type.String()),
})
export type CallbackQueryType = Static<typeof CallbackQuery>

const MsgElement = Type.Object({
  MsgType: Type.String({ maxLength: 64 }),
  MsgContent: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})

/**
 * The C2C.CallbackBeforeSendMsg body. Only the fields this server reads are required; Tencent adds
 * fields over time (MsgId, CloudCustomData, EventTime…), so unknown ones are allowed.
 */
export const BeforeSendMsgBody = Type.Object({
  CallbackCommand: Type.String({ maxLength: 64 }),
  From_Account: Type.String({ minLength: 1, maxLength: 64 }),
  To_Account: Type.String({ minLength: 1, maxLength: 64 }),
  MsgBody: Type.Array(MsgElement, { maxItems: 64 }),
})
export type BeforeSendMsgBodyType = Static<typeof BeforeSendMsgBody>

/** Any callback: its command is all this server needs to see before choosing how to answer. */
export const AnyCallbackBody = Type.Object({ CallbackCommand: Type.String({ maxLength: 64 }) })

export const CallbackAnswer = Type.Object({
  ActionStatus: Type.Literal('OK'),
  ErrorCode: Type.Integer(),
  ErrorInfo: Type.String(),
})
