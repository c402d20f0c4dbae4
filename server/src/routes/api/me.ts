/**
 * The caller's own profile: `GET /api/me`, `PUT /api/me/profile` (nickname and avatar URL, checked,
 * then set in the IM by portrait_set and in the user store) and `POST /api/me/avatar` (one image
 * as multipart/form-data, checked by its bytes and stored through the avatar storage port).
 */
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { inspectAvatar } from '../../avatars/image'
import { checkAvatarUrl, checkNick } from '../../avatars/profile-checks'
import { newAvatarKey } from '../../avatars/storage'
import { ApiError } from '../../http-errors'
import { BearerHeaders, ErrorResponse } from '../../schemas/common'
import { AvatarResponse, ProfileBody, ProfileResponse } from '../../schemas/me'

const MINUTE = 60_000

function sessionUser(request: FastifyRequest): string {
  const userID = request.session?.userID
  if (userID === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
  return userID
}

/** Busboy's own parse errors carry no status: a broken multipart body is the client's fault. */
function multipartError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const { statusCode, code, message } = error as {
    statusCode?: unknown
    code?: unknown
    message?: unknown
  }
  const text = typeof message === 'string' ? message : 'malformed multipart body'
  if (code === 'FST_REQ_FILE_TOO_LARGE' || statusCode === 413) {
    return new ApiError(413, 'file_too_large', text)
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ApiError(statusCode === 406 ? 415 : statusCode, 'invalid_multipart', text)
  }
  return new ApiError(400, 'invalid_multipart', `malformed multipart body: ${text}`)
}

const me: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, store, tencent, contentChecker, avatarStorage } = fastify
  fastify.addHook('onRequest', fastify.authenticate)
  await fastify.register(multipart, {
    limits: {
      fileSize: config.avatarMaxBytes,
      files: 1,
      fields: 4,
      fieldSize: 1024,
      parts: 6,
      headerPairs: 32,
    },
  })
  const checkProfileRate = fastify.createRateLimit({
    max: config.rateLimits.profilePerUser,
    timeWindow: MINUTE,
    keyGenerator: (request) => `profile:${request.session?.userID ?? ''}`,
  })
  async function enforceProfileRate(request: FastifyRequest): Promise<void> {
    const result = await checkProfileRate(request)
    if (!result.isAllowed && result.isExceeded) {
      throw new ApiError(
        429,
        'rate_limited',
        'too many profile changes; retry later',
        result.ttlInSeconds,
      )
    }
  }

  fastify.get(
    '/me',
    {
      schema: { headers: BearerHeaders, response: { 200: ProfileResponse, '4xx': ErrorResponse } },
    },
    async (request) => {
      const userID = sessionUser(request)
      const profile = await store.users.get(userID)
      if (profile === undefined) throw new ApiError(404, 'user_not_found', 'log in again')
      return { userID, nick: profile.nick, avatarUrl: profile.avatarUrl }
    },
  )

  fastify.put(
    '/me/profile',
    {
      schema: {
        headers: BearerHeaders,
        body: ProfileBody,
        response: { 200: ProfileResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const userID = sessionUser(request)
      await enforceProfileRate(request)
      const { nick, avatarUrl } = request.body
      if (!(await store.users.exists(userID)))
        throw new ApiError(404, 'user_not_found', 'log in again')
      if (nick !== undefined) await checkNick(contentChecker, nick, userID)
      if (avatarUrl !== undefined) await checkAvatarUrl(store, avatarUrl, userID)
      await tencent.portraitSet(userID, { nick, faceUrl: avatarUrl })
      await store.users.setProfile(userID, { nick, avatarUrl })
      const profile = await store.users.get(userID)
      return { userID, nick: profile?.nick ?? null, avatarUrl: profile?.avatarUrl ?? null }
    },
  )

  fastify.post(
    '/me/avatar',
    {
      bodyLimit: config.avatarMaxBytes + 64 * 1024,
      schema: {
        headers: BearerHeaders,
        response: { 200: AvatarResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const userID = sessionUser(request)
      if (!request.isMultipart()) {
        throw new ApiError(415, 'unsupported_media_type', 'send the image as multipart/form-data')
      }
      await enforceProfileRate(request)
      let bytes: Buffer
      try {
        const file = await request.file()
        if (file === undefined) throw new ApiError(400, 'no_file', 'the form has no file part')
        bytes = await file.toBuffer()
      } catch (error) {
        throw multipartError(error)
      }
      const image = inspectAvatar(bytes)
      if (!image.ok)
        throw new ApiError(
          image.code === 'unsupported_image' ? 415 : 400,
          image.code,
          image.message,
        )
      const key = newAvatarKey(image.type)
      const url = avatarStorage.urlFor(key, `${request.protocol}://${request.host}`)
      try {
        await avatarStorage.put(key, bytes, image.contentType)
      } catch (error) {
        request.log.error({ err: error, storage: avatarStorage.kind }, 'avatar storage failed')
        throw new ApiError(
          502,
          'storage_unavailable',
          'the avatar store refused or failed; retry later',
        )
      }
      await store.avatars.record({
        storage_key: key,
        url,
        owner_id: userID,
        content_type: image.contentType,
        byte_size: bytes.length,
        width: image.width,
        height: image.height,
        created_at: Date.now(),
      })
      request.log.info({ userID, key, bytes: bytes.length }, 'avatar stored')
      return {
        url,
        contentType: image.contentType,
        width: image.width,
        height: image.height,
        size: bytes.length,
      }
    },
  )
}

export default me
