/**
 * `npm run bench:launch`: cold launches of the built app in the headless host, against the local stack, on this
 * machine. With a saved session (and the SDK's conversation cache and the app's own copy of the list from an
 * earlier run, as on a phone used before): time from App.onLaunch to SDK_READY, to the conversation list first painted, and to the list painted
 * with all 50 conversations. Side by side in the same run: the same app with no saved session, to the login page
 * painted. Each launch is a fresh host process (one host per process); times are taken inside it from the app's
 * own log lines (its first in App.onLaunch, SDK ready), which the host writes to stderr, and from the page stack.
 *
 *   npm run bench:launch [-- --runs 7 --conversations 50]
 */
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { genUserSig } from '@tim-c2c/local-im'
import { DEV_CREDENTIALS, nodeWithTsx, repoRoot, startLocalStack } from '@tim-c2c/test-support'
import { buildMiniProgram } from './lib/local-stack'

const TARGET_LIST_PAINTED_MS = 500
const CREDENTIALS_KEY = 'tim-c2c:credentials'
const BENCH_USER = 'bench'
const RUN_TIMEOUT_MS = 60_000

type Mode = 'session' | 'none'

/** The part of the headless host's in-process API (local-stack/headless-host, startHost) this bench uses. */
interface HostLike {
  runtime: { pages: { pages: { route: string; instance?: { data?: Record<string, unknown> } }[] } }
  close(): Promise<void>
}

function loadHost(): (options: { projectDir: string; storageFile?: string }) => Promise<HostLike> {
  // Typed here: the host's own declarations need its tsconfig (as test-support/simulate.ts does for simulate).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@tim-c2c/headless-host') as { startHost: never }).startHost
}

/** What one launch measured, in ms after App.onLaunch. */
interface Probe {
  mode: Mode
  sdkReady?: number
  /** The conversation page on top of the stack, painted or not. */
  listPageShown?: number
  listFirstPainted?: number
  /** How many conversations that first paint showed (the SDK's cache). */
  listFirstCount?: number
  listPainted?: number
  loginPainted?: number
  /** Process start to App.onLaunch: the host loading the package (not the app's own work). */
  hostStartup: number
}

// ---------------------------------------------------------------- one launch, in its own process

/** BENCH_LAUNCH_TRACE=1 prints every app log line of each launch with its time, to see where time goes. */
const trace: string[] = []

/** The app's log lines as the host writes them (stderr), with the moment each was written. */
function watchAppLog(markers: Record<string, RegExp>, seen: Map<string, number>): void {
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    const now = performance.now()
    if (process.env.BENCH_LAUNCH_TRACE === '1')
      trace.push(`${Math.round(now)} ${text.trim().slice(0, 120)}`)
    for (const [name, pattern] of Object.entries(markers)) {
      if (!seen.has(name) && pattern.test(text)) seen.set(name, now)
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stderr.write
}

async function probe(options: {
  mode: Mode
  projectDir: string
  storageFile?: string
  conversations: number
}): Promise<Probe> {
  const seen = new Map<string, number>()
  watchAppLog({ launch: /\[app\] launch/, ready: /\[im\] SDK ready/ }, seen)
  // The host through its documented in-process API; it writes the app's console to stderr.
  const host = await loadHost()({
    projectDir: options.projectDir,
    storageFile: options.storageFile,
  })
  const launch = seen.get('launch')
  if (launch === undefined) throw new Error('App.onLaunch wrote no log line')
  const result: Probe = { mode: options.mode, hostStartup: Math.round(launch) }
  const since = (at: number) => Math.round(at - launch)
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`no result within ${RUN_TIMEOUT_MS} ms: ${JSON.stringify(result)}`)),
      RUN_TIMEOUT_MS,
    )
    const check = (): void => {
      const now = performance.now()
      const stack = host.runtime.pages.pages
      const top = stack[stack.length - 1]
      const data = (top?.instance?.data ?? {}) as {
        conversations?: unknown[]
        devUsers?: unknown[]
      }
      if (options.mode === 'none' && top?.route === 'pages/login/index' && data.devUsers) {
        result.loginPainted = since(now)
      }
      if (top?.route === 'pages/conversations/index') {
        result.listPageShown ??= since(now)
        const count = data.conversations?.length ?? 0
        if (count > 0 && result.listFirstPainted === undefined) {
          result.listFirstPainted = since(now)
          result.listFirstCount = count
        }
        if (count >= options.conversations) result.listPainted ??= since(now)
      }
      const ready = seen.get('ready')
      if (ready !== undefined) result.sdkReady = since(ready)
      const done =
        options.mode === 'none'
          ? result.loginPainted !== undefined
          : result.listPainted !== undefined && result.sdkReady !== undefined
      if (done) {
        clearTimeout(deadline)
        resolve()
      } else setTimeout(check, 1)
    }
    check()
  })
  await host.close()
  return result
}

// ---------------------------------------------------------------- the bench

function runProbe(args: string[]): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const node = nodeWithTsx([__filename, '--probe', ...args])
    const child = spawn(node.command, node.args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('error', reject)
    child.once('close', (code) => {
      const line = out.split('\n').find((text) => text.startsWith('{'))
      if (process.env.BENCH_LAUNCH_TRACE === '1') process.stdout.write(`\n${out}`)
      if (code === 0 && line) resolve(JSON.parse(line) as Probe)
      else reject(new Error(`launch probe failed (exit ${code}):\n${err.slice(-2_000)}`))
    })
  })
}

interface Rest {
  (api: string, body: unknown): Promise<Record<string, unknown>>
}

function restClient(httpUrl: string): Rest {
  const { sdkAppID, secretKey, admin } = DEV_CREDENTIALS
  return async (api, body) => {
    const query = new URLSearchParams({
      sdkappid: String(sdkAppID),
      identifier: admin,
      usersig: genUserSig(sdkAppID, secretKey, admin, 3600),
      random: String(Math.floor(Math.random() * 4294967295)),
      contenttype: 'json',
    })
    const response = await fetch(`${httpUrl}/v4/${api}?${query}`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
    const reply = (await response.json()) as Record<string, unknown>
    if (reply.ErrorCode !== 0) throw new Error(`${api}: ${JSON.stringify(reply)}`)
    return reply
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)] ?? NaN
}

function row(label: string, values: number[]): string {
  if (values.length === 0) return `  ${label.padEnd(34)} —`
  const median = percentile(values, 50)
  const p95 = percentile(values, 95)
  return `  ${label.padEnd(34)} median ${String(median).padStart(5)} ms   p95 ${String(p95).padStart(5)} ms   (${values.join(', ')})`
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      probe: { type: 'boolean' },
      mode: { type: 'string' },
      project: { type: 'string' },
      storage: { type: 'string' },
      runs: { type: 'string' },
      conversations: { type: 'string' },
    },
    strict: true,
  })
  const conversations = Number(values.conversations ?? 50)
  if (values.probe) {
    const result = await probe({
      mode: values.mode === 'session' ? 'session' : 'none',
      projectDir: values.project ?? '',
      storageFile: values.storage,
      conversations,
    })
    process.stdout.write(`${JSON.stringify(result)}\n`)
    for (const line of trace) process.stdout.write(`  ${line}\n`)
    process.exit(0)
  }
  const runs = Number(values.runs ?? 7)
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer')

  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-launch-'))
  const stack = await startLocalStack()
  try {
    const projectDir = path.join(work, 'build')
    console.log('building the mini-program against the local stack…')
    await buildMiniProgram(projectDir, stack)

    // bench has a conversation with each of 50 other users (one message each, sent through the REST API).
    const rest = restClient(stack.localIm.httpUrl)
    const login = await fetch(`${stack.appServer.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ devUser: BENCH_USER }),
    })
    const credentials = (await login.json()) as Record<string, unknown>
    const peers = Array.from(
      { length: conversations },
      (_, i) => `peer${String(i + 1).padStart(2, '0')}`,
    )
    await rest('im_open_login_svc/multiaccount_import', { Accounts: peers })
    for (const [index, peer] of peers.entries()) {
      await rest('openim/sendmsg', {
        SyncOtherMachine: 2,
        From_Account: peer,
        To_Account: BENCH_USER,
        MsgRandom: index + 1,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `来自 ${peer} 的消息` } }],
      })
    }

    // A phone used before: the saved session, and the SDK's own conversation cache, which it writes every
    // 20 s; one launch is kept open until it has been written.
    const sessionStorage = path.join(work, 'session.json')
    writeFileSync(
      sessionStorage,
      JSON.stringify({ [CREDENTIALS_KEY]: JSON.stringify(credentials) }),
    )
    console.log(
      'a first launch with the saved session, until the SDK and the app have kept the list (≤ 25 s)…',
    )
    await warmUp(projectDir, sessionStorage)

    const results: Probe[] = []
    for (let run = 1; run <= runs; run += 1) {
      for (const mode of ['session', 'none'] as const) {
        const storage = path.join(work, `run-${run}-${mode}.json`)
        if (mode === 'session') copyFileSync(sessionStorage, storage)
        else writeFileSync(storage, '{}')
        results.push(
          await runProbe([
            '--mode',
            mode,
            '--project',
            projectDir,
            '--storage',
            storage,
            '--conversations',
            String(conversations),
          ]),
        )
        process.stdout.write('.')
      }
    }
    process.stdout.write('\n')
    const session = results.filter((result) => result.mode === 'session')
    const none = results.filter((result) => result.mode === 'none')
    const pick = (list: Probe[], key: keyof Probe) =>
      list
        .map((result) => result[key])
        .filter((value): value is number => typeof value === 'number')
    console.log(
      `cold launch in the headless host, local stack, ${conversations} conversations, ${runs} runs each (ms after App.onLaunch)`,
    )
    console.log(' saved session:')
    console.log(row('SDK_READY', pick(session, 'sdkReady')))
    console.log(row('list first painted (kept list)', pick(session, 'listFirstPainted')))
    console.log(row(`list painted, all ${conversations}`, pick(session, 'listPainted')))
    console.log(' no saved session:')
    console.log(row('login page painted', pick(none, 'loginPainted')))
    console.log(row('host start-up before App.onLaunch', pick(results, 'hostStartup')))
    const median = percentile(pick(session, 'listPainted'), 50)
    console.log(
      median <= TARGET_LIST_PAINTED_MS
        ? `target met: list painted ${median} ms ≤ ${TARGET_LIST_PAINTED_MS} ms (median)`
        : `TARGET MISSED: list painted ${median} ms > ${TARGET_LIST_PAINTED_MS} ms (median)`,
    )
  } finally {
    await stack.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

/** One launch with the session kept open until the SDK's conversation cache is in the storage file. */
async function warmUp(projectDir: string, storageFile: string): Promise<void> {
  const node = nodeWithTsx([
    path.join(repoRoot, 'local-stack/headless-host/src/cli.ts'),
    '--project',
    projectDir,
    '--port',
    '0',
    '--storage',
    storageFile,
  ])
  const child = spawn(node.command, node.args, {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'ignore'],
  })
  const cacheKey = `TIM_${DEV_CREDENTIALS.sdkAppID}_${BENCH_USER}_conversationMap`
  // The app's own copy of the whole list (flows/conversation-cache.ts), written a second after it changes.
  const keptKey = `tim-c2c:conversations:${DEV_CREDENTIALS.sdkAppID}:${BENCH_USER}`
  // The SDK flushes its cache every 20 s once ready; on a busy machine the host's start-up and login come first.
  const deadline = Date.now() + 180_000
  try {
    for (;;) {
      const saved = JSON.parse(readFileSync(storageFile, 'utf8')) as Record<string, unknown>
      const written = (key: string) =>
        (Array.isArray(saved[key]) && saved[key].length > 0) ||
        (typeof saved[key] === 'string' && saved[key] !== '')
      if (written(cacheKey) && written(keptKey)) return
      if (Date.now() > deadline) throw new Error('the SDK never wrote its conversation cache')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('close', resolve))
  }
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  process.exit(1)
})
