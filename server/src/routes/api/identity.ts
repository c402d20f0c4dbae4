import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { checkAvatarUrl, checkNick } from '../../avatars/profile-checks'
import { ApiError } from '../../http-errors'
import { BearerHeaders, ErrorResponse } from '../../schemas/common'
import { LoginBody, LoginResponse, UserSigResponse } from '../../schemas/identity'
import { userIDFromOpenID } from '../../user-id'
import { code2Session } from '../../wechat/code2session'

const MINUTE = 60_000

const identity: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, tencent, sigIssuer, sessionTokens, store, contentChecker } = fastify
  const checkUserLoginRate = fastify.createRateLimit({
    max: config.rateLimits.loginPerUser,
    timeWindow: MINUTE,
    keyGenerator: (request) => `login:${request.session?.userID ?? ''}`,
  })
  const checkUserSigRate = fastify.createRateLimit({
    max: config.rateLimits.usersigPerUser,
    timeWindow: MINUTE,
    keyGenerator: (request) => `usersig:${request.session?.userID ?? ''}`,
  })

  async function enforce(limit: typeof checkUserLoginRate, request: Parameters<typeof limit>[0]) {
    const result = await limit(request)
    if (!result.isAllowed && result.isExceeded) {
      throw new ApiError(
        429,
        'rate_limited',
        'too many requests for this user',
        result.ttlInSeconds,
      )
    }
  }

  /** Imports the account on first login; later logins only refresh the profile fields given. */
  async function ensureAccount(userID: string, nick?: string, faceUrl?: string): Promise<void> {
    if (!(await tencent.isImported(userID))) {
      await tencent.accountImport({ userID, nick, faceUrl })
    } else if (nick !== undefined || faceUrl !== undefined) {
      await tencent.portraitSet(userID, { nick, faceUrl })
    }
  }

  function devLoginUserID(devUser: string): string {
    if (!config.devLogin) {
      throw new ApiError(403, 'dev_login_disabled', 'dev login is disabled (DEV_LOGIN is not 1)')
    }
    // The admin identity can call every REST API: its sig must never be handed out.
    if (devUser === config.timAdmin) {
      throw new ApiError(403, 'reserved_user', 'this user ID is reserved for the server')
    }
    return devUser
  }

  /**
   * code2Session on the server, then the user store: a known openid keeps its recorded ID; a new one
   * is recorded under the ID the old keyed hash gives, so accounts made before the store keep theirs.
   */
  async function wechatUserID(code: string): Promise<string> {
    if (config.wxAppID === undefined || config.wxSecret === undefined) {
      throw new ApiError(403, 'wechat_login_disabled', 'WeChat login is not configured')
    }
    const wechat = await code2Session(
      {
        apiBase: config.wxApiBase,
        appID: config.wxAppID,
        secret: config.wxSecret,
        timeoutMs: config.restTimeoutMs,
      },
      code,
    )
    const { userID } = await store.users.loginWechat({
      openid: wechat.openid,
      ...(wechat.unionid !== undefined && { unionid: wechat.unionid }),
      firstLoginUserID: userIDFromOpenID(wechat.openid, config.legacyUserIDSecret),
    })
    return userID
  }

  fastify.post(
    '/login',
    {
      config: { rateLimit: { max: config.rateLimits.loginPerIp, timeWindow: MINUTE } },
      schema: {
        body: LoginBody,
        response: { 200: LoginResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const { code, devUser, nick, avatarUrl } = request.body
      let userID: string
      if (devUser !== undefined && code === undefined) {
        userID = devLoginUserID(devUser)
        await store.users.loginDev(userID)
      } else if (code !== undefined && devUser === undefined) {
        userID = await wechatUserID(code)
      } else {
        throw new ApiError(
          400,
          'invalid_request',
          'body must have exactly one of code (WeChat login) or devUser (dev login)',
        )
      }
      request.session = { userID }
      await enforce(checkUserLoginRate, request)
      // Checked before anything reaches the IM profile, so a refused login changes nothing there.
      if (nick !== undefined) await checkNick(contentChecker, nick, userID)
      if (avatarUrl !== undefined) await checkAvatarUrl(store, avatarUrl, userID)
      await ensureAccount(userID, nick, avatarUrl)
      await store.users.setProfile(userID, { nick, avatarUrl })
      const sig = sigIssuer.issue(userID, config.usersigTtlSeconds)
      const session = sessionTokens.issue(userID)
      request.log.info({ userID, kind: devUser !== undefined ? 'dev' : 'wechat' }, 'login')
      return {
        token: session.token,
        userID,
        userSig: sig.userSig,
        sdkAppID: config.timSdkAppID,
        expireAt: sig.expireAt,
      }
    },
  )

  fastify.post(
    '/usersig',
    {
      onRequest: fastify.authenticate,
      config: { rateLimit: { max: config.rateLimits.usersigPerIp, timeWindow: MINUTE } },
      schema: {
        headers: BearerHeaders,
        response: { 200: UserSigResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const session = request.session
      if (session === null) throw new ApiError(401, 'missing_token', 'not logged in')
      await enforce(checkUserSigRate, request)
      // Only ever the caller's own user ID: the body is not read at all.
      return sigIssuer.issue(session.userID, config.usersigTtlSeconds)
    },
  )
}

export default identity
