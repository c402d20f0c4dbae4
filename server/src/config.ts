/**
 * The server's configuration, read from the environment once at start and validated as a whole so
 * that every problem is reported in one message instead of the first one only.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { isValidImUserID } from './user-id'

export interface RateLimitConfig {
  /** Login attempts per client IP per minute. */
  loginPerIp: number
  /** Logins per user per minute. */
  loginPerUser: number
  /** Sig refreshes per user per minute. */
  usersigPerUser: number
  /** Sig refreshes per client IP per minute. */
  usersigPerIp: number
  /** Any other API call per client IP per minute. */
  apiPerIp: number
  /** Reports filed per user per hour. */
  reportPerUser: number
  /** Blocks and unblocks per user per minute. */
  blockPerUser: number
  /** Avatar uploads and profile changes per user per minute. */
  profilePerUser: number
}

/** Where users, reports and issued avatars live: an embedded SQLite file by default, PostgreSQL to scale out. */
export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

/** An S3-compatible bucket (Tencent COS speaks the S3 API) for avatars instead of the local disk. */
export interface S3Config {
  bucket: string
  region: string
  endpoint: string | undefined
  accessKeyID: string
  secretAccessKey: string
  /** Public base the issued URLs start with (bucket domain or CDN); derived from endpoint and bucket when unset. */
  publicBaseUrl: string | undefined
  forcePathStyle: boolean
}

export interface ContentCheckConfig {
  /** `words`: the local word list only; `wechat`: the word list, then WeChat's msgSecCheck v2. */
  mode: 'words' | 'wechat'
  /** A file with one refused word per line; the built-in list when unset. */
  wordsFile: string | undefined
}

export interface ServerConfig {
  timSdkAppID: number
  timSecretKey: string
  timAdmin: string
  timApiBase: string
  wxAppID: string | undefined
  wxSecret: string | undefined
  wxApiBase: string
  devLogin: boolean
  adminToken: string | undefined
  sessionSecret: string
  usersigTtlSeconds: number
  /** How long the server's own session token lives. */
  sessionTtlSeconds: number
  /** Lifetime of the admin UserSig the REST client signs its calls with. */
  adminSigTtlSeconds: number
  restTimeoutMs: number
  restMaxRetries: number
  bodyLimitBytes: number
  rateLimits: RateLimitConfig
  logLevel: string
  dataDir: string
  database: DatabaseConfig
  /** Keys the old openid → user ID hash for users first seen after the upgrade; SESSION_SECRET by default. */
  legacyUserIDSecret: string
  /** Shared rate-limit counters for several instances; in-process counters when unset. */
  redisUrl: string | undefined
  /** The server's public origin (what the mini-program calls); issued avatar URLs start with it. */
  publicBaseUrl: string | undefined
  avatarMaxBytes: number
  s3: S3Config | undefined
  contentCheck: ContentCheckConfig
  /** Tencent IM callback authentication token (console → callback configuration); callbacks refused when unset. */
  imCallbackToken: string | undefined
}

export const TENCENT_API_BASE = 'https://console.tim.qq.com'
export const WECHAT_API_BASE = 'https://api.weixin.qq.com'
export const DEFAULT_USERSIG_TTL = 7 * 24 * 3600
const MAX_USERSIG_TTL = 180 * 24 * 3600
/** Production floor; with DEV_LOGIN=1 sigs may live 1 s so tests can watch them expire. */
const MIN_USERSIG_TTL = 60

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  loginPerIp: 30,
  loginPerUser: 10,
  usersigPerUser: 10,
  usersigPerIp: 60,
  apiPerIp: 600,
  reportPerUser: 20,
  profilePerUser: 10,
  blockPerUser: 30,
}

export const DEFAULT_AVATAR_MAX_BYTES = 2 * 1024 * 1024
/** `server/.data`, git-ignored, whatever directory the server was started from. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '.data')

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function readHttpBase(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name]?.trim() || fallback
  try {
    const url = new URL(raw)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`${name} must be an http(s) URL, got protocol "${url.protocol}"`)
    }
    if (url.search || url.hash) problems.push(`${name} must not carry a query or fragment`)
    return raw.replace(/\/+$/, '')
  } catch {
    problems.push(
      `${name} must be an absolute http(s) URL (e.g. ${fallback || 'https://example.com'})`,
    )
    return fallback
  }
}

function readInteger(
  env: Env,
  name: string,
  fallback: number | undefined,
  range: { min: number; max: number; hint?: string },
  problems: string[],
): number {
  const raw = env[name]?.trim()
  if (!raw) {
    if (fallback === undefined) problems.push(`${name} is required (an integer)`)
    return fallback ?? 0
  }
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be a positive integer, got "${raw}"`)
    return fallback ?? 0
  }
  const value = Number(raw)
  if (value < range.min || value > range.max) {
    problems.push(
      `${name} must be between ${range.min} and ${range.max}, got ${value}${range.hint ?? ''}`,
    )
  }
  return value
}

function readSecret(env: Env, name: string, minLength: number, problems: string[]): string {
  const value = env[name] ?? ''
  if (!value) problems.push(`${name} is required`)
  else if (value.length < minLength) {
    // Never echo the value: the message ends up in logs.
    problems.push(`${name} must be at least ${minLength} characters long`)
  }
  return value
}

function readOptionalHttpBase(env: Env, name: string, problems: string[]): string | undefined {
  if (!env[name]?.trim()) return undefined
  return readHttpBase(env, name, '', problems)
}

function readFlag(env: Env, name: string, problems: string[]): boolean {
  const raw = env[name]?.trim() ?? ''
  if (!['', '0', '1'].includes(raw)) problems.push(`${name} must be 1 or 0/unset, got "${raw}"`)
  return raw === '1'
}

function readDatabase(env: Env, dataDir: string, problems: string[]): DatabaseConfig {
  const raw = env.DATABASE_URL?.trim()
  if (!raw) return { kind: 'sqlite', file: path.join(dataDir, 'server.sqlite') }
  try {
    const url = new URL(raw)
    if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {
      return { kind: 'postgres', url: raw }
    }
    problems.push(
      `DATABASE_URL must be a postgres:// or postgresql:// URL, got protocol "${url.protocol}"`,
    )
  } catch {
    // The value may hold a password: never echo it.
    problems.push('DATABASE_URL must be a URL such as postgres://user:password@host:5432/dbname')
  }
  return { kind: 'sqlite', file: path.join(dataDir, 'server.sqlite') }
}

function readRedisUrl(env: Env, problems: string[]): string | undefined {
  const raw = env.REDIS_URL?.trim()
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      problems.push(`REDIS_URL must be a redis:// or rediss:// URL, got protocol "${url.protocol}"`)
    }
  } catch {
    problems.push('REDIS_URL must be a URL such as redis://127.0.0.1:6379')
  }
  return raw
}

function readS3(env: Env, problems: string[]): S3Config | undefined {
  const bucket = env.S3_BUCKET?.trim()
  if (!bucket) {
    for (const name of ['S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      if (env[name]?.trim())
        problems.push(`${name} is set but S3_BUCKET is not (avatars stay on disk)`)
    }
    return undefined
  }
  const region = env.S3_REGION?.trim() ?? ''
  if (!region) problems.push('S3_REGION is required with S3_BUCKET (for COS e.g. ap-guangzhou)')
  const accessKeyID = env.S3_ACCESS_KEY_ID?.trim() ?? ''
  if (!accessKeyID) problems.push('S3_ACCESS_KEY_ID is required with S3_BUCKET')
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY ?? ''
  if (!secretAccessKey) problems.push('S3_SECRET_ACCESS_KEY is required with S3_BUCKET')
  return {
    bucket,
    region,
    endpoint: readOptionalHttpBase(env, 'S3_ENDPOINT', problems),
    accessKeyID,
    secretAccessKey,
    publicBaseUrl: readOptionalHttpBase(env, 'S3_PUBLIC_BASE_URL', problems),
    forcePathStyle: readFlag(env, 'S3_FORCE_PATH_STYLE', problems),
  }
}

/** Builds the configuration from environment variables, throwing one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const problems: string[] = []

  const timSdkAppID = readInteger(
    env,
    'TIM_SDKAPPID',
    undefined,
    { min: 1, max: 2 ** 32 - 1 },
    problems,
  )
  const timSecretKey = readSecret(env, 'TIM_SECRET_KEY', 16, problems)
  const timAdmin = env.TIM_ADMIN?.trim() || 'administrator'
  if (!isValidImUserID(timAdmin)) {
    problems.push('TIM_ADMIN must follow Tencent IM user-ID rules (1-32 bytes of A-Z a-z 0-9 _ -)')
  }
  const timApiBase = readHttpBase(env, 'TIM_API_BASE', TENCENT_API_BASE, problems)

  const wxAppID = env.WX_APPID?.trim() || undefined
  const wxSecret = env.WX_SECRET || undefined
  if ((wxAppID === undefined) !== (wxSecret === undefined)) {
    problems.push('WX_APPID and WX_SECRET must be set together (WeChat login needs both)')
  }
  const wxApiBase = readHttpBase(env, 'WX_API_BASE', WECHAT_API_BASE, problems)

  const devLoginRaw = env.DEV_LOGIN?.trim() ?? ''
  if (!['', '0', '1'].includes(devLoginRaw)) {
    problems.push(`DEV_LOGIN must be 1 (enabled) or 0/unset (disabled), got "${devLoginRaw}"`)
  }
  const devLogin = devLoginRaw === '1'
  if (!devLogin && wxAppID === undefined) {
    problems.push(
      'no way to log in: set WX_APPID and WX_SECRET, or DEV_LOGIN=1 for local development',
    )
  }

  const adminToken = env.ADMIN_TOKEN || undefined
  if (adminToken !== undefined && adminToken.length < 16) {
    problems.push(
      'ADMIN_TOKEN must be at least 16 characters long (or unset to disable the admin API)',
    )
  }
  const sessionSecret = readSecret(env, 'SESSION_SECRET', 32, problems)
  const usersigTtlSeconds = readInteger(
    env,
    'USERSIG_TTL',
    DEFAULT_USERSIG_TTL,
    {
      min: devLogin ? 1 : MIN_USERSIG_TTL,
      max: MAX_USERSIG_TTL,
      hint: devLogin ? '' : ' (shorter lifetimes are only accepted with DEV_LOGIN=1, for tests)',
    },
    problems,
  )

  const dataDir = path.resolve(env.DATA_DIR?.trim() || DEFAULT_DATA_DIR)
  const database = readDatabase(env, dataDir, problems)
  const legacySecretRaw = env.LEGACY_USER_ID_SECRET
  if (legacySecretRaw !== undefined && legacySecretRaw !== '' && legacySecretRaw.length < 32) {
    problems.push('LEGACY_USER_ID_SECRET must be at least 32 characters long (or unset)')
  }
  const legacyUserIDSecret = legacySecretRaw || sessionSecret
  const redisUrl = readRedisUrl(env, problems)
  const publicBaseUrl = readOptionalHttpBase(env, 'PUBLIC_BASE_URL', problems)
  const avatarMaxBytes = readInteger(
    env,
    'AVATAR_MAX_BYTES',
    DEFAULT_AVATAR_MAX_BYTES,
    { min: 1024, max: 10 * 1024 * 1024 },
    problems,
  )
  const s3 = readS3(env, problems)
  const contentMode = env.CONTENT_CHECK?.trim() || 'words'
  if (contentMode !== 'words' && contentMode !== 'wechat') {
    problems.push(`CONTENT_CHECK must be words or wechat, got "${contentMode}"`)
  } else if (contentMode === 'wechat' && wxAppID === undefined) {
    problems.push(
      'CONTENT_CHECK=wechat needs WX_APPID and WX_SECRET (msgSecCheck is called as the app)',
    )
  }
  const wordsFile = env.CONTENT_WORDS_FILE?.trim() || undefined
  if (wordsFile !== undefined && !existsSync(wordsFile)) {
    problems.push('CONTENT_WORDS_FILE names a file that does not exist')
  }
  const imCallbackToken = env.IM_CALLBACK_TOKEN || undefined
  if (imCallbackToken !== undefined && imCallbackToken.length > 128) {
    problems.push(
      'IM_CALLBACK_TOKEN must be 1-128 characters (the console accepts no longer token)',
    )
  }

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    timSdkAppID,
    timSecretKey,
    timAdmin,
    timApiBase,
    wxAppID,
    wxSecret,
    wxApiBase,
    devLogin,
    adminToken,
    sessionSecret,
    usersigTtlSeconds,
    sessionTtlSeconds: 30 * 24 * 3600,
    adminSigTtlSeconds: 24 * 3600,
    restTimeoutMs: 5000,
    restMaxRetries: 3,
    bodyLimitBytes: 16 * 1024,
    rateLimits: { ...DEFAULT_RATE_LIMITS },
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    dataDir,
    database,
    legacyUserIDSecret,
    redisUrl,
    publicBaseUrl,
    avatarMaxBytes,
    s3,
    contentCheck: {
      mode: contentMode === 'wechat' ? 'wechat' : 'words',
      wordsFile,
    },
    imCallbackToken,
  }
}
