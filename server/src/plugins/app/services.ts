import fp from 'fastify-plugin'
import type { ServerConfig } from '../../config'
import { createSessionTokens, type SessionTokens } from '../../session-token'
import path from 'node:path'
import { LocalAvatarStorage, S3AvatarStorage, type AvatarStorage } from '../../avatars/storage'
import { createContentChecker, type ContentChecker } from '../../content/checker'
import { DEFAULT_WORDS, WordList } from '../../content/word-list'
import { openStore, type Store } from '../../store'
import { createMsgSecCheck } from '../../wechat/content-security'
import { TencentRestClient } from '../../tencent/rest-client'
import { UserSigIssuer } from '../../tencent/usersig'

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig
    sigIssuer: UserSigIssuer
    tencent: TencentRestClient
    sessionTokens: SessionTokens
    store: Store
    contentChecker: ContentChecker
    avatarStorage: AvatarStorage
  }
}

/**
 * The long-lived objects every route shares: config, sig issuer, REST client, session tokens and
 * the store (opened and migrated before the server accepts requests, closed with the server).
 */
export default fp(
  async function services(fastify, options: { config: ServerConfig }) {
    const { config } = options
    const sigIssuer = new UserSigIssuer(config.timSdkAppID, config.timSecretKey)
    fastify.decorate('config', config)
    fastify.decorate('sigIssuer', sigIssuer)
    fastify.decorate(
      'tencent',
      new TencentRestClient({
        sdkAppID: config.timSdkAppID,
        admin: config.timAdmin,
        apiBase: config.timApiBase,
        sigIssuer,
        adminSigTtlSeconds: config.adminSigTtlSeconds,
        timeoutMs: config.restTimeoutMs,
        maxRetries: config.restMaxRetries,
        logger: fastify.log.child({ module: 'tencent-rest' }),
      }),
    )
    fastify.decorate(
      'sessionTokens',
      createSessionTokens({ secret: config.sessionSecret, ttlSeconds: config.sessionTtlSeconds }),
    )
    const storeLog = fastify.log.child({ module: 'store' })
    const store = await openStore(config.database, Date.now, (error) =>
      storeLog.warn({ err: error }, 'database connection dropped'),
    )
    fastify.decorate('store', store)
    fastify.addHook('onClose', () => store.close())

    const { contentCheck } = config
    const words = contentCheck.wordsFile
      ? WordList.fromFile(contentCheck.wordsFile)
      : new WordList(DEFAULT_WORDS)
    const checkLog = fastify.log.child({ module: 'content-check' })
    const msgSecCheck =
      contentCheck.mode === 'wechat' &&
      config.wxAppID !== undefined &&
      config.wxSecret !== undefined
        ? createMsgSecCheck(
            {
              apiBase: config.wxApiBase,
              appID: config.wxAppID,
              secret: config.wxSecret,
              // Tencent waits 2 s for a before-send callback; leave room for the rest of the answer.
              timeoutMs: 1500,
            },
            (userID) => store.users.openidOf(userID),
            checkLog,
          )
        : undefined
    fastify.decorate('contentChecker', createContentChecker(words, msgSecCheck, checkLog))

    if (config.s3 !== undefined) {
      const s3 = new S3AvatarStorage(config.s3)
      fastify.decorate('avatarStorage', s3)
      fastify.addHook('onClose', async () => s3.destroy())
    } else {
      fastify.decorate(
        'avatarStorage',
        new LocalAvatarStorage(path.join(config.dataDir, 'avatars'), config.publicBaseUrl),
      )
    }
  },
  { name: 'services' },
)
