import path from 'node:path'
import {
  ConfigError,
  DEFAULT_AVATAR_MAX_BYTES,
  DEFAULT_DATA_DIR,
  DEFAULT_USERSIG_TTL,
  loadConfig,
} from '../../src/config'
import { TEST_SECRET_KEY, testEnv } from '../support/config'

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(testEnv({ TIM_API_BASE: undefined }))
    expect(config.timAdmin).toBe('administrator')
    expect(config.timApiBase).toBe('https://console.tim.qq.com')
    expect(config.wxApiBase).toBe('https://api.weixin.qq.com')
    expect(config.usersigTtlSeconds).toBe(DEFAULT_USERSIG_TTL)
    expect(DEFAULT_USERSIG_TTL).toBe(7 * 24 * 3600)
    expect(config.devLogin).toBe(true)
  })

  it('reads every variable', () => {
    const config = loadConfig(
      testEnv({
        TIM_ADMIN: 'ops_admin',
        TIM_API_BASE: 'http://127.0.0.1:4000/',
        WX_APPID: 'wx0123456789',
        WX_SECRET: 'wechat-secret',
        WX_API_BASE: 'http://127.0.0.1:4001',
        DEV_LOGIN: '0',
        USERSIG_TTL: '3600',
      }),
    )
    expect(config).toMatchObject({
      timAdmin: 'ops_admin',
      timApiBase: 'http://127.0.0.1:4000',
      wxAppID: 'wx0123456789',
      wxSecret: 'wechat-secret',
      wxApiBase: 'http://127.0.0.1:4001',
      devLogin: false,
      usersigTtlSeconds: 3600,
    })
  })

  it('lists every problem at once, naming variables but never echoing secrets', () => {
    const problems = problemsOf({
      TIM_SDKAPPID: 'abc',
      TIM_SECRET_KEY: 'short-secret',
      SESSION_SECRET: 'tiny',
      USERSIG_TTL: '10x',
      TIM_API_BASE: 'ftp://example',
      WX_APPID: 'wx-only',
      DEV_LOGIN: 'yes',
      ADMIN_TOKEN: 'short',
      TIM_ADMIN: 'bad admin!',
    })
    const text = problems.join('\n')
    for (const name of [
      'TIM_SDKAPPID',
      'TIM_SECRET_KEY',
      'SESSION_SECRET',
      'USERSIG_TTL',
      'TIM_API_BASE',
      'WX_APPID and WX_SECRET',
      'DEV_LOGIN',
      'ADMIN_TOKEN',
      'TIM_ADMIN',
    ]) {
      expect(text).toContain(name)
    }
    expect(text).not.toContain('short-secret')
    expect(text).not.toContain('tiny')
  })

  it('requires the Tencent app and a session secret', () => {
    const problems = problemsOf({ DEV_LOGIN: '1' })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('TIM_SDKAPPID is required'),
        expect.stringContaining('TIM_SECRET_KEY is required'),
        expect.stringContaining('SESSION_SECRET is required'),
      ]),
    )
  })

  it('refuses a configuration with no way to log in', () => {
    expect(problemsOf(testEnv({ DEV_LOGIN: undefined }))).toEqual([
      expect.stringContaining('no way to log in'),
    ])
  })

  it('accepts WeChat login alone and leaves the admin API off without ADMIN_TOKEN', () => {
    const config = loadConfig(
      testEnv({ DEV_LOGIN: undefined, ADMIN_TOKEN: undefined, WX_APPID: 'wxapp', WX_SECRET: 'x' }),
    )
    expect(config.devLogin).toBe(false)
    expect(config.adminToken).toBeUndefined()
  })

  it('accepts sig lifetimes down to 1 s only in dev-login mode', () => {
    expect(loadConfig(testEnv({ USERSIG_TTL: '5' })).usersigTtlSeconds).toBe(5)
    expect(problemsOf(testEnv({ USERSIG_TTL: '0' }))).toEqual([
      expect.stringContaining('USERSIG_TTL must be between 1 and'),
    ])
    expect(
      problemsOf(testEnv({ USERSIG_TTL: '5', DEV_LOGIN: '0', WX_APPID: 'wxapp', WX_SECRET: 's' })),
    ).toEqual([expect.stringMatching(/USERSIG_TTL must be between 60 and .*DEV_LOGIN=1/)])
  })

  it('throws a readable message', () => {
    expect(() => loadConfig({})).toThrow(/invalid server configuration:\n {2}- TIM_SDKAPPID/)
    expect(() => loadConfig(testEnv({ TIM_SECRET_KEY: 'x' }))).not.toThrow(TEST_SECRET_KEY)
  })
})

describe('loadConfig: store, scale-out, avatars and content', () => {
  it('defaults to SQLite under server/.data, in-process limits, local avatars and the word list', () => {
    const config = loadConfig(testEnv())
    expect(config.dataDir).toBe(DEFAULT_DATA_DIR)
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: path.join(DEFAULT_DATA_DIR, 'server.sqlite'),
    })
    expect(config.redisUrl).toBeUndefined()
    expect(config.s3).toBeUndefined()
    expect(config.avatarMaxBytes).toBe(DEFAULT_AVATAR_MAX_BYTES)
    expect(config.contentCheck).toEqual({ mode: 'words', wordsFile: undefined })
    expect(config.imCallbackToken).toBeUndefined()
    expect(config.legacyUserIDSecret).toBe(config.sessionSecret)
  })

  it('reads every new variable', () => {
    const config = loadConfig(
      testEnv({
        DATA_DIR: '/srv/im-data',
        DATABASE_URL: 'postgres://app:pw@db.internal:5432/im',
        REDIS_URL: 'redis://cache.internal:6379',
        PUBLIC_BASE_URL: 'https://im-api.example.com/',
        AVATAR_MAX_BYTES: '4096',
        S3_BUCKET: 'avatars-1250000000',
        S3_REGION: 'ap-guangzhou',
        S3_ENDPOINT: 'https://cos.ap-guangzhou.myqcloud.com',
        S3_ACCESS_KEY_ID: 'AKIDexample',
        S3_SECRET_ACCESS_KEY: 'cos-secret',
        S3_PUBLIC_BASE_URL: 'https://cdn.example.com',
        S3_FORCE_PATH_STYLE: '1',
        CONTENT_CHECK: 'wechat',
        WX_APPID: 'wxapp',
        WX_SECRET: 'wxsecret',
        IM_CALLBACK_TOKEN: 'console-token',
        LEGACY_USER_ID_SECRET: 'the-old-session-secret-0123456789abcdef',
      }),
    )
    expect(config).toMatchObject({
      dataDir: '/srv/im-data',
      database: { kind: 'postgres', url: 'postgres://app:pw@db.internal:5432/im' },
      redisUrl: 'redis://cache.internal:6379',
      publicBaseUrl: 'https://im-api.example.com',
      avatarMaxBytes: 4096,
      s3: {
        bucket: 'avatars-1250000000',
        region: 'ap-guangzhou',
        endpoint: 'https://cos.ap-guangzhou.myqcloud.com',
        accessKeyID: 'AKIDexample',
        secretAccessKey: 'cos-secret',
        publicBaseUrl: 'https://cdn.example.com',
        forcePathStyle: true,
      },
      contentCheck: { mode: 'wechat' },
      imCallbackToken: 'console-token',
      legacyUserIDSecret: 'the-old-session-secret-0123456789abcdef',
    })
  })

  it('lists every problem with the new variables, never echoing a password', () => {
    const problems = problemsOf(
      testEnv({
        DATABASE_URL: 'mysql://root:hunter2@db/im',
        REDIS_URL: 'http://cache',
        PUBLIC_BASE_URL: 'im-api.example.com',
        AVATAR_MAX_BYTES: '20',
        S3_BUCKET: 'b',
        CONTENT_CHECK: 'ai',
        CONTENT_WORDS_FILE: '/no/such/words.txt',
        IM_CALLBACK_TOKEN: 'x'.repeat(129),
        LEGACY_USER_ID_SECRET: 'short',
        S3_FORCE_PATH_STYLE: 'yes',
      }),
    )
    const text = problems.join('\n')
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'PUBLIC_BASE_URL',
      'AVATAR_MAX_BYTES',
      'S3_REGION',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'S3_FORCE_PATH_STYLE',
      'CONTENT_CHECK',
      'CONTENT_WORDS_FILE',
      'IM_CALLBACK_TOKEN',
      'LEGACY_USER_ID_SECRET',
    ]) {
      expect(text).toContain(name)
    }
    expect(text).not.toContain('hunter2')
  })

  it('needs WeChat credentials for CONTENT_CHECK=wechat and S3_BUCKET for the other S3 variables', () => {
    expect(problemsOf(testEnv({ CONTENT_CHECK: 'wechat' }))).toEqual([
      expect.stringContaining('CONTENT_CHECK=wechat needs WX_APPID'),
    ])
    expect(problemsOf(testEnv({ S3_REGION: 'ap-guangzhou' }))).toEqual([
      expect.stringContaining('S3_REGION is set but S3_BUCKET is not'),
    ])
  })
})
