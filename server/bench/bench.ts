/**
 * `npm run bench:server`: sig refresh throughput over HTTP (POST /api/usersig with keep-alive
 * connections from a worker thread) beside in-process UserSig signing in the same run, and their
 * ratio; then the same HTTP load on one instance and on two instances sharing a real Redis (rate-limit
 * counters) and PostgreSQL, started here on free ports, the load split evenly across the two.
 * A benchmark that prints figures, not a test: nothing here asserts a speed.
 *
 * Options: --seconds <n> (per phase, default 5), --connections <n> (default 32).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { parseArgs } from 'node:util'
import os from 'node:os'
import path from 'node:path'
import { startServer, type RunningServer } from '../src'
import { loadConfig, type ServerConfig } from '../src/config'
import { UserSigIssuer } from '../src/tencent/usersig'
import { startPostgres, startRedis } from '../test/support/throwaway-servers'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
  },
})
const seconds = Number(values.seconds)
const connections = Number(values.connections)

const env = {
  TIM_SDKAPPID: '1400000001',
  TIM_SECRET_KEY: 'bench-secret-key-0123456789abcdef',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
  DEV_LOGIN: '1',
  LOG_LEVEL: 'warn',
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

function measureGenSig(durationMs: number): number {
  const issuer = new UserSigIssuer(Number(env.TIM_SDKAPPID), env.TIM_SECRET_KEY)
  const started = performance.now()
  let calls = 0
  while (performance.now() - started < durationMs) {
    for (let i = 0; i < 100; i++) issuer.issue(`bench_user_${i}`, 604800)
    calls += 100
  }
  return calls / ((performance.now() - started) / 1000)
}

/**
 * The load generator runs in a worker thread (plain JS, evaluated from this string) so it does
 * not share the server's event loop: the figure is the server's, not the client's.
 */
const loadGeneratorSource = `
const { parentPort, workerData } = require('node:worker_threads')
const { Agent, request } = require('node:http')
const { ports, tokens, connections, durationMs } = workerData
const agent = new Agent({ keepAlive: true, maxSockets: connections })
const latenciesMs = []
let errors = 0
const once = (token, port) => new Promise((resolve) => {
  const sentAt = performance.now()
  const req = request({ host: '127.0.0.1', port, path: '/api/usersig', method: 'POST', agent,
    headers: { authorization: 'Bearer ' + token, 'content-length': 0 } }, (response) => {
    response.resume()
    response.on('end', () => {
      if (response.statusCode === 200) latenciesMs.push(performance.now() - sentAt)
      else errors++
      resolve()
    })
  })
  req.on('error', () => { errors++; resolve() })
  req.end()
})
const started = performance.now()
const deadline = started + durationMs
Promise.all(Array.from({ length: connections }, async (_, worker) => {
  let n = worker
  const port = ports[worker % ports.length]
  while (performance.now() < deadline) { await once(tokens[n % tokens.length], port); n += connections }
})).then(() => {
  const elapsedSeconds = (performance.now() - started) / 1000
  agent.destroy()
  parentPort.postMessage({ perSecond: latenciesMs.length / elapsedSeconds, latenciesMs, errors })
})
`

interface HttpFigures {
  perSecond: number
  latenciesMs: number[]
  errors: number
}

function measureHttp(ports: number[], tokens: string[], durationMs: number): Promise<HttpFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(loadGeneratorSource, {
      eval: true,
      workerData: { ports, tokens, connections, durationMs },
    })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

function describe(label: string, http: HttpFigures): string {
  const sorted = [...http.latenciesMs].sort((a, b) => a - b)
  return (
    `${label}: ${http.perSecond.toFixed(0)} req/s (${http.errors} errors), ` +
    `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`
  )
}

/** Warms up, then measures the sig refresh route across `servers` (connections split evenly). */
async function measureServers(servers: RunningServer[]): Promise<HttpFigures> {
  const tokens = Array.from(
    { length: 256 },
    (_, i) => (servers[0] as RunningServer).app.sessionTokens.issue(`bench_user_${i}`).token,
  )
  const ports = servers.map((server) => server.port)
  await measureHttp(ports, tokens, 1000)
  return measureHttp(ports, tokens, seconds * 1000)
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tim-bench-'))
  const base = loadConfig({ ...env, DATA_DIR: dataDir })
  // The per-user and per-IP limits would otherwise cap the benchmark at a few requests a minute.
  const config: ServerConfig = {
    ...base,
    rateLimits: {
      loginPerIp: 1e9,
      loginPerUser: 1e9,
      usersigPerIp: 1e9,
      usersigPerUser: 1e9,
      apiPerIp: 1e9,
      reportPerUser: 1e9,
      profilePerUser: 1e9,
      blockPerUser: 1e9,
    },
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  console.log(`machine: ${os.cpus().length} × ${cpu}, Node ${process.version}`)
  console.log(
    `load: ${connections} keep-alive connections from a worker thread, ${seconds} s per phase`,
  )

  const single = await startServer(config, 0)
  let oneLocal: HttpFigures
  try {
    oneLocal = await measureServers([single])
  } finally {
    await single.close()
  }
  const genSigPerSecond = measureGenSig(seconds * 1000)
  console.log(describe('POST /api/usersig, 1 instance, in-process limits', oneLocal))
  console.log(`in-process genSig: ${genSigPerSecond.toFixed(0)} calls/s`)
  console.log(
    `ratio HTTP sig refresh / in-process genSig: ${(oneLocal.perSecond / genSigPerSecond).toFixed(3)}`,
  )

  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  try {
    const shared: ServerConfig = {
      ...config,
      database: { kind: 'postgres', url: postgres.url },
      redisUrl: redis.url,
    }
    const one = await startServer(shared, 0)
    let oneShared: HttpFigures
    try {
      oneShared = await measureServers([one])
    } finally {
      await one.close()
    }
    const pair = await Promise.all([startServer(shared, 0), startServer(shared, 0)])
    let twoShared: HttpFigures
    try {
      twoShared = await measureServers(pair)
    } finally {
      await Promise.all(pair.map((server) => server.close()))
    }
    console.log(describe('POST /api/usersig, 1 instance, Redis limits + PostgreSQL', oneShared))
    console.log(describe('POST /api/usersig, 2 instances, shared Redis + PostgreSQL', twoShared))
    console.log(
      `ratio 2 instances / 1 instance (shared Redis): ${(twoShared.perSecond / oneShared.perSecond).toFixed(2)}`,
    )
  } finally {
    await Promise.all([postgres.stop(), redis.stop()])
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
