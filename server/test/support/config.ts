import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, type ServerConfig } from '../../src/config'

export const TEST_SDKAPPID = 1400123456
export const TEST_SECRET_KEY = 'local-test-secret-key-0123456789abcdef'
export const TEST_SESSION_SECRET = 'session-secret-for-tests-0123456789abcdef'
export const TEST_ADMIN_TOKEN = 'admin-token-for-tests-0123'

/** A valid environment for the server; tests override single variables to probe validation. */
export function testEnv(overrides: Record<string, string | undefined> = {}) {
  return {
    TIM_SDKAPPID: String(TEST_SDKAPPID),
    TIM_SECRET_KEY: TEST_SECRET_KEY,
    SESSION_SECRET: TEST_SESSION_SECRET,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DEV_LOGIN: '1',
    // Nothing listens here: tests that reach Tencent use the local IM's address instead.
    TIM_API_BASE: 'http://127.0.0.1:9',
    LOG_LEVEL: 'silent',
    ...overrides,
  }
}

let processDataDir: string | undefined
/** One data dir per test process (avatars on disk), removed when the process exits. */
export function testDataDir(): string {
  if (processDataDir === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tim-server-test-'))
    processDataDir = dir
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  }
  return processDataDir
}

/**
 * Config with generous rate limits so tests that are not about limits never hit them, and a fresh
 * in-memory SQLite database unless the environment names one (DATABASE_URL).
 */
export function testConfig(
  env: Record<string, string | undefined> = {},
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  const config = loadConfig(testEnv({ DATA_DIR: testDataDir(), ...env }))
  return {
    ...config,
    database: env.DATABASE_URL ? config.database : { kind: 'sqlite', file: ':memory:' },
    restTimeoutMs: 2000,
    restMaxRetries: 1,
    rateLimits: {
      loginPerIp: 10_000,
      loginPerUser: 10_000,
      usersigPerIp: 10_000,
      usersigPerUser: 10_000,
      apiPerIp: 100_000,
      reportPerUser: 10_000,
      profilePerUser: 10_000,
      blockPerUser: 10_000,
    },
    ...overrides,
  }
}
