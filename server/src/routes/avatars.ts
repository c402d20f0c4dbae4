/**
 * `GET /avatars/<key>`: avatars kept on the local disk, served with their type and cached for a year
 * (a key never changes content). Only registered when avatars are stored locally.
 */
import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AVATAR_CACHE_CONTROL, type LocalAvatarStorage } from '../avatars/storage'
import { ApiError } from '../http-errors'

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
}

const avatars: FastifyPluginAsyncTypebox<{ storage: LocalAvatarStorage }> = async (
  fastify,
  options,
) => {
  fastify.get(
    '/avatars/:key',
    {
      // Every chat shows these; keys are unguessable, so a per-IP limit would only hurt users behind NAT.
      config: { rateLimit: false },
      schema: { params: Type.Object({ key: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const { key } = request.params
      const bytes = await options.storage.read(key)
      if (bytes === undefined) throw new ApiError(404, 'not_found', 'no such avatar')
      const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`
      reply
        .header(
          'content-type',
          CONTENT_TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream',
        )
        .header('cache-control', AVATAR_CACHE_CONTROL)
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff')
      if (request.headers['if-none-match'] === etag) return reply.code(304).send()
      return reply.send(bytes)
    },
  )
}

export default avatars
