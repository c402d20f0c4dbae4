/**
 * The server's configuration, read from the environment once at start and validated as a whole so
 * that every problem is reported in one message instead of the first one only.
 */
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
}

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
    problems.push(`${name} must be an absolute http(s) URL (e.g. ${fallback})`)
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
  }
}
