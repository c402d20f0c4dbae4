/**
 * `POST /im/callback`: the callback URL configured in the Tencent IM console. Tencent signs each
 * request (see tencent/callback-auth.ts); this route checks the signature before reading the body,
 * then answers C2C.CallbackBeforeSendMsg with allow (ErrorCode 0) or a refusal whose ErrorCode and
 * ErrorInfo reach the sender's SDK. Every other command is acknowledged with ErrorCode 0.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Value } from '@sinclair/typebox/value'
import { ApiError } from '../http-errors'
import { ErrorResponse } from '../schemas/common'
import {
  AnyCallbackBody,
  BeforeSendMsgBody,
  CallbackAnswer,
  CallbackQuery,
} from '../schemas/im-callback'
import { checkCallbackAuth } from '../tencent/callback-auth'

export const BEFORE_SEND_C2C = 'C2C.CallbackBeforeSendMsg'
/**
 * Tencent passes ErrorCode/ErrorInfo of a refusal to the sender's client when the code is in
 * 120001–130000 (ErrorCode 1 refuses with a generic 20006 instead); the app shows ErrorInfo.
 */
export const CONTENT_REFUSED_CODE = 120001
export const CONTENT_REFUSED_INFO = '消息包含不允许发送的内容，未发送'

const ALLOW = { ActionStatus: 'OK' as const, ErrorCode: 0, ErrorInfo: '' }

/** The text a message carries: text elements, and the visible parts of custom elements. */
function textsOf(body: {
  MsgBody: Array<{ MsgType: string; MsgContent?: Record<string, unknown> }>
}) {
  const texts: string[] = []
  for (const element of body.MsgBody) {
    const content = element.MsgContent ?? {}
    if (element.MsgType === 'TIMTextElem' && typeof content.Text === 'string') {
      texts.push(content.Text)
    } else if (element.MsgType === 'TIMCustomElem') {
      for (const field of ['Desc', 'Ext']) {
        if (typeof content[field] === 'string') texts.push(content[field] as string)
      }
    }
  }
  return texts.join('\n')
}

const imCallback: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, contentChecker } = fastify

  fastify.post(
    '/im/callback',
    {
      // Tencent's callback servers send every message of the app through here; they are
      // authenticated by Sign, and a per-IP limit would refuse messages in bulk.
      config: { rateLimit: false },
      bodyLimit: 64 * 1024,
      onRequest: async (request) => {
        const failure = checkCallbackAuth(request.query as Record<string, unknown>, {
          token: config.imCallbackToken,
          sdkAppID: config.timSdkAppID,
          nowSeconds: Math.floor(Date.now() / 1000),
        })
        if (failure !== undefined) throw new ApiError(failure.status, failure.code, failure.message)
      },
      schema: {
        querystring: CallbackQuery,
        body: AnyCallbackBody,
        response: { 200: CallbackAnswer, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const command = request.query.CallbackCommand
      if (command !== undefined && command !== request.body.CallbackCommand) {
        throw new ApiError(400, 'invalid_request', 'CallbackCommand differs between URL and body')
      }
      if (request.body.CallbackCommand !== BEFORE_SEND_C2C) return ALLOW
      if (!Value.Check(BeforeSendMsgBody, request.body)) {
        const first = Value.Errors(BeforeSendMsgBody, request.body).First()
        throw new ApiError(
          400,
          'invalid_request',
          `body ${first?.path ?? ''} ${first?.message ?? ''}`,
        )
      }
      const text = textsOf(request.body)
      if (text === '') return ALLOW
      const verdict = await contentChecker.check(text, {
        userID: request.body.From_Account,
        scene: 'chat',
      })
      if (verdict.allowed) return ALLOW
      request.log.info(
        { from: request.body.From_Account, source: verdict.source, label: verdict.label },
        'message refused by the content check',
      )
      return {
        ActionStatus: 'OK' as const,
        ErrorCode: CONTENT_REFUSED_CODE,
        ErrorInfo: CONTENT_REFUSED_INFO,
      }
    },
  )
}

export default imCallback
