/**
 * The contract: `npm run server -- --port 0` with the documented environment prints
 * `server listening http://127.0.0.1:<p>`, serves the API, never logs a secret, sig or token, and
 * stops cleanly on SIGTERM. Bad configuration stops it with a clear message and exit code 1.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { startLocalIm, type LocalIm } from '@tim-c2c/local-im'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'
import {
  TEST_ADMIN_TOKEN,
  TEST_SDKAPPID,
  TEST_SECRET_KEY,
  TEST_SESSION_SECRET,
  testEnv,
} from '../support/config'

const repoRoot = path.resolve(__dirname, '../../..')

interface Launched {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Resolves when the process ended and every process holding its stdio (the server) did too. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function launch(args: string[], env: Record<string, string | undefined>): Launched {
  let stdout = ''
  let stderr = ''
  const child = spawn('npm', ['run', '--silent', 'server', '--', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    // Own process group, so the test can signal npm and the server behind it together.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

function waitForLine(launched: Launched, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = launched.stdout().match(pattern)
      if (match) {
        launched.child.stdout?.off('data', check)
        resolve(match)
      }
    }
    launched.child.stdout?.on('data', check)
    launched.exited.then(({ code }) =>
      reject(new Error(`server exited (${code}) before "${pattern}": ${launched.stderr()}`)),
    )
    check()
  })
}

const running: Launched[] = []
let im: LocalIm
let wechat: WechatStandIn
beforeAll(async () => {
  im = await startLocalIm({
    port: 0,
    sdkAppID: TEST_SDKAPPID,
    secretKey: TEST_SECRET_KEY,
    logLevel: 'error',
  })
  wechat = await startWechatStandIn('wx-cli-app', 'wx-cli-secret-value-0042')
})
afterEach(async () => {
  for (const launched of running.splice(0)) {
    if (launched.child.exitCode === null && launched.child.pid !== undefined) {
      process.kill(-launched.child.pid, 'SIGKILL')
      await launched.exited
    }
  }
})
afterAll(async () => {
  await im.close()
  await wechat.close()
})

it('prints the contract line, serves, keeps secrets out of its logs and stops on SIGTERM', async () => {
  const launched = launch(['--port', '0'], {
    ...testEnv({ TIM_API_BASE: im.httpUrl }),
    WX_APPID: 'wx-cli-app',
    WX_SECRET: 'wx-cli-secret-value-0042',
    WX_API_BASE: wechat.baseUrl,
    LOG_LEVEL: 'debug',
  })
  running.push(launched)
  const [line, base] = (await waitForLine(
    launched,
    /^server listening (http:\/\/127\.0\.0\.1:\d+)$/m,
  )) as [string, string]
  expect(line).toMatch(/^server listening http:\/\/127\.0\.0\.1:[1-9]\d*$/)
  // stdout carries the contract line only; logs go to stderr.
  expect(launched.stdout().trim()).toBe(line)

  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' })
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const login = (await (await post('/api/login', { devUser: 'cli_user', nick: 'Cli' })).json()) as {
    token: string
    userSig: string
  }
  const peer = (await (await post('/api/login', { devUser: 'cli_peer' })).json()) as {
    token: string
  }
  const wechatLogin = await post('/api/login', { code: wechat.issueCode('oCliOpenid') })
  expect(wechatLogin.status).toBe(200)
  const wechatBody = (await wechatLogin.json()) as { token: string; userSig: string }
  const refreshed = (await (
    await post('/api/usersig', {}, { authorization: `Bearer ${login.token}` })
  ).json()) as { userSig: string }
  const sent = await post(
    '/api/admin/messages',
    { from: 'cli_user', to: 'cli_peer', text: 'hello' },
    { 'x-admin-token': TEST_ADMIN_TOKEN },
  )
  expect(sent.status).toBe(200)
  await post('/api/usersig', {}, { authorization: 'Bearer forged.token.value' })

  process.kill(-(launched.child.pid as number), 'SIGTERM')
  // npm itself may die of the signal; what matters is that the server closed gracefully.
  const exit = await launched.exited
  expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true)
  expect(launched.stderr()).toMatch(/"signal":"SIGTERM","msg":"closing"/)
  await expect(fetch(`${base}/healthz`)).rejects.toThrow()

  const logs = launched.stderr()
  expect(logs).toContain('"msg":"login"')
  for (const secret of [
    TEST_SECRET_KEY,
    TEST_SESSION_SECRET,
    TEST_ADMIN_TOKEN,
    login.token,
    login.userSig,
    refreshed.userSig,
    peer.token,
    wechatBody.token,
    wechatBody.userSig,
    'wx-cli-secret-value-0042',
    'oCliOpenid',
    ...wechat.sessionKeys,
    'forged.token.value',
  ]) {
    expect(logs).not.toContain(secret)
  }
})

it('refuses to start with invalid configuration, naming each problem', async () => {
  const launched = launch(['--port', '0'], {
    TIM_SDKAPPID: 'not-a-number',
    TIM_SECRET_KEY: 'short-key',
    DEV_LOGIN: '1',
  })
  running.push(launched)
  expect((await launched.exited).code).toBe(1)
  const stderr = launched.stderr()
  expect(stderr).toContain('invalid server configuration')
  expect(stderr).toContain('TIM_SDKAPPID must be a positive integer')
  expect(stderr).toContain('TIM_SECRET_KEY must be at least 16 characters')
  expect(stderr).toContain('SESSION_SECRET is required')
  expect(stderr).not.toContain('short-key')
  expect(launched.stdout()).not.toContain('server listening')
})

it('refuses a bad --port', async () => {
  const launched = launch(['--port', 'eighty'], testEnv())
  running.push(launched)
  expect((await launched.exited).code).toBe(1)
  expect(launched.stderr()).toContain('--port must be 0-65535')
})
