/** The Tencent IM server REST API (`POST /v4/<service>/<command>`): auth, limits, dispatch. */
import type { Logger } from './logger'
import type { MessageSender } from './message-sender'
import { ImFailure, type ImModel } from './model'
import { registerFriendUpdateCommand } from './friend-update'
import { registerBlacklistCommands } from './rest-blacklist-commands'
import { registerRestCommands, type RestCommand } from './rest-commands'
import { verifyUserSig } from './usersig'
import { fail, ok } from './wire'

/** Tencent REST error codes. */
export const RestError = {
  badJson: 60002,
  unknownApi: 60003,
  badSdkAppID: 60006,
  rateLimited: 60007,
  needsAdmin: 60010,
  loginInvalidParameter: 70402,
} as const

export interface RestReply {
  status: number
  body: Record<string, unknown>
}

export interface RestApiOptions {
  model: ImModel
  sender: MessageSender
  secretKey: string
  admin: string
  rateLimitPerSecond: number
  /** The clock (epoch ms) the admin's UserSig is checked against. */
  sigClock: () => number
  logger: Logger
  isOnline: (userID: string) => boolean
}

/** Fixed one-second windows per API, like Tencent's per-API frequency limit. */
class RateLimiter {
  private readonly windows = new Map<string, { second: number; count: number }>()
  constructor(private readonly perSecond: number) {}
  allow(api: string): boolean {
    const second = Math.floor(Date.now() / 1000)
    const window = this.windows.get(api)
    if (!window || window.second !== second) {
      this.windows.set(api, { second, count: 1 })
      return true
    }
    window.count++
    return window.count <= this.perSecond
  }
}

export class RestApi {
  private readonly commands = new Map<string, RestCommand>()
  private readonly limiter: RateLimiter

  constructor(private readonly options: RestApiOptions) {
    this.limiter = new RateLimiter(options.rateLimitPerSecond)
    const on = (api: string, command: RestCommand) => this.commands.set(api, command)
    const context = {
      model: options.model,
      sender: options.sender,
      admin: options.admin,
      isOnline: options.isOnline,
    }
    registerRestCommands(on, context)
    registerBlacklistCommands(on, context)
    registerFriendUpdateCommand(on, context)
  }

  commandNames(): string[] {
    return [...this.commands.keys()]
  }

  /**
   * Answers one call. The reply may reflect changes that are not on disk yet: the HTTP layer
   * waits for the store before sending it.
   */
  async handle(
    path: string,
    query: URLSearchParams,
    rawBody: string | undefined,
    clientIP = '',
  ): Promise<RestReply> {
    const { model } = this.options
    const api = path.replace(/^\/v4\//, '')
    const reply = (body: Record<string, unknown>): RestReply => ({
      status: 200,
      body: { ...body, RequestId: `local-${Date.now().toString(36)}` },
    })
    const command = this.commands.get(api)
    if (!command) return reply(fail(RestError.unknownApi, `unknown REST API ${api}`))
    if (Number(query.get('sdkappid')) !== model.sdkAppID) {
      return reply(fail(RestError.badSdkAppID, 'sdkappid is not this app'))
    }
    const identifier = query.get('identifier') ?? ''
    const check = verifyUserSig(query.get('usersig') ?? '', {
      sdkAppID: model.sdkAppID,
      secretKey: this.options.secretKey,
      userID: identifier,
      nowSeconds: Math.floor(this.options.sigClock() / 1000),
    })
    if (!check.ok) return reply(fail(check.code, check.reason))
    if (identifier !== this.options.admin) {
      return reply(fail(RestError.needsAdmin, 'identifier must be the app admin'))
    }
    if (!this.limiter.allow(api)) {
      const limit = this.options.rateLimitPerSecond
      return reply(fail(RestError.rateLimited, `${api} is over its ${limit}/s limit`))
    }
    if (rawBody === undefined) return reply(fail(RestError.badJson, 'request body too large'))
    let parsed: unknown
    try {
      parsed = JSON.parse(rawBody.trim() === '' ? '{}' : rawBody)
    } catch (_notJson) {
      return reply(fail(RestError.badJson, 'request body is not valid JSON'))
    }
    if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return reply(fail(RestError.badJson, 'request body must be a JSON object'))
    }
    try {
      return reply({ ...ok(), ...(await command(parsed as Record<string, unknown>, { clientIP })) })
    } catch (error) {
      if (error instanceof ImFailure) return reply(fail(error.code, error.message))
      this.options.logger.error(`REST ${api} failed`, error)
      return reply(fail(70500, 'internal error of the local IM'))
    }
  }
}
