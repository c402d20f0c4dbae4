/**
 * `npm run bench:local-im`: raw-protocol clients on loopback against the local IM with `--data`
 * (every acknowledgement waits for fsync), the local IM in memory, and a bare `ws` relay, all in
 * child processes so their memory can be read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { genUserSig } from '../src/usersig'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000)
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WINDOW = 8
const PACED_RATE = 1000
const PACED_SECONDS = 5
const SDK_APP_ID = 1400000001
const SECRET = 'bench-secret'

interface Target {
  name: string
  url: string
  child: ChildProcess
}

function startChild(
  script: string,
  args: string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    // node --import tsx keeps the server in this pid, so /proc shows its own memory.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let buffer = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const match = pattern.exec(buffer)
      if (match?.[1]) resolve({ child, url: match[1] })
    })
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)))
  })
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}

class RawClient {
  socket!: WebSocket
  private seq = 1
  private readonly pending = new Map<number, (body: Record<string, unknown>) => void>()
  received = 0
  readonly seen = new Set<string>()
  duplicates = 0
  onPush: (message: {
    From_Account: string
    MsgRandom: number
    MsgBody: { MsgContent: { Text: string } }[]
  }) => void = () => undefined

  constructor(readonly userID: string) {}

  connect(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(`${url}/binfo?sdkappid=${SDK_APP_ID}&instanceid=${this.userID}`)
      this.socket.binaryType = 'nodebuffer'
      this.socket.once('open', () => resolve())
      this.socket.once('error', reject)
      this.socket.on('message', (data: Buffer) => this.onFrame(data))
    })
  }

  private onFrame(data: Buffer): void {
    const frame = JSON.parse(data.toString()) as {
      head: { servcmd: string; seq: number }
      body: { EventArray?: { C2cMsgArray?: never[] }[] }
    }
    if (frame.head.servcmd === 'im_open_push.msg_push') {
      // As the SDK does: ack a push that asks for it (no reply is awaited).
      const push = frame.body as { NeedAck?: number; SessionData?: string }
      if (push.NeedAck === 1) this.fire('openim.ws_msg_push_ack', { SessionData: push.SessionData })
      for (const event of frame.body.EventArray ?? []) {
        for (const message of event.C2cMsgArray ?? []) {
          const m = message as Parameters<RawClient['onPush']>[0]
          const key = `${m.From_Account}:${m.MsgRandom}`
          if (this.seen.has(key)) this.duplicates++
          else this.seen.add(key)
          this.received++
          this.onPush(m)
        }
      }
      return
    }
    this.pending.get(frame.head.seq)?.(frame.body as Record<string, unknown>)
    this.pending.delete(frame.head.seq)
  }

  private fire(servcmd: string, body: Record<string, unknown>): void {
    const head = { servcmd, seq: this.seq++, sdkappid: SDK_APP_ID }
    this.socket.send(Buffer.from(JSON.stringify({ head, body })))
  }

  request(
    servcmd: string,
    body: Record<string, unknown>,
    head: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const seq = this.seq++
    return new Promise((resolve) => {
      this.pending.set(seq, (body) => resolve(body))
      this.socket.send(
        Buffer.from(
          JSON.stringify({ head: { servcmd, seq, sdkappid: SDK_APP_ID, ...head }, body }),
        ),
      )
    })
  }

  /** wslogin, then the login sync the SDK always runs (pushes start after it). */
  async login(): Promise<void> {
    await this.request(
      'im_open_status.wslogin',
      { State: 'Online' },
      {
        identifier: this.userID,
        usersig: genUserSig(SDK_APP_ID, SECRET, this.userID, 86400),
      },
    )
    let cookie = ''
    for (;;) {
      const reply = await this.request('openim.getmsg', { Cookie: cookie, SyncFlag: 0 })
      if (reply.SyncFlag !== 0 && reply.SyncFlag !== 1) return
      cookie = String(reply.Cookie)
    }
  }

  async send(to: string, random: number, text: string): Promise<void> {
    await this.request('openim.sendmsg', {
      From_Account: this.userID,
      To_Account: to,
      MsgSeq: random,
      MsgRandom: random,
      MsgClientTime: Math.floor(Date.now() / 1000),
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    })
  }
}

async function importAccounts(httpUrl: string, ids: string[]): Promise<void> {
  const query = new URLSearchParams({
    sdkappid: String(SDK_APP_ID),
    identifier: 'administrator',
    usersig: genUserSig(SDK_APP_ID, SECRET, 'administrator', 3600),
    random: '1',
    contenttype: 'json',
  })
  for (let i = 0; i < ids.length; i += 100) {
    const response = await fetch(`${httpUrl}/v4/im_open_login_svc/multiaccount_import?${query}`, {
      method: 'POST',
      body: JSON.stringify({ Accounts: ids.slice(i, i + 100) }),
    })
    const reply = (await response.json()) as { ErrorCode: number }
    if (reply.ErrorCode !== 0) throw new Error(`import failed: ${JSON.stringify(reply)}`)
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

function cpuMs(pid: number): number {
  // utime + stime, in clock ticks (USER_HZ = 100 on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

interface Connected {
  target: Target
  clients: RawClient[]
  perConnectionKiB: number
}

async function connectAll(target: Target, ids: string[]): Promise<Connected> {
  const baseline = rssKiB(target.child.pid ?? 0)
  const clients = ids.map((id) => new RawClient(id))
  for (let i = 0; i < clients.length; i += 100) {
    await Promise.all(
      clients.slice(i, i + 100).map(async (c) => {
        await c.connect(target.url)
        await c.login()
      }),
    )
  }
  const perConnectionKiB = (rssKiB(target.child.pid ?? 0) - baseline) / clients.length
  return { target, clients, perConnectionKiB }
}

let random = 1

/** Every client sends `perClient` messages to its neighbour, WINDOW requests in flight. */
async function burst({ target, clients }: Connected, perClient: number) {
  const total = perClient * clients.length
  const before = clients.reduce((sum, c) => sum + c.seen.size, 0)
  const duplicatesBefore = clients.reduce((sum, c) => sum + c.duplicates, 0)
  const cpuBefore = cpuMs(target.child.pid ?? 0)
  const started = process.hrtime.bigint()
  const allDelivered = new Promise<void>((resolve) => {
    let delivered = 0
    for (const c of clients) {
      c.onPush = () => {
        delivered++
        if (delivered === total) resolve()
      }
    }
  })
  await Promise.all(
    clients.map(async (c, index) => {
      const to = clients[(index + 1) % clients.length]?.userID ?? ''
      const inFlight = new Set<Promise<void>>()
      for (let n = 0; n < perClient; n++) {
        const p = c.send(to, random++, `t${n}`).then(() => {
          inFlight.delete(p)
        })
        inFlight.add(p)
        if (inFlight.size >= WINDOW) await Promise.race(inFlight)
      }
      await Promise.all(inFlight)
    }),
  )
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 60000).unref())
  await Promise.race([allDelivered, timeout])
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const received = clients.reduce((sum, c) => sum + c.seen.size, 0) - before
  return {
    total,
    received,
    seconds,
    duplicates: clients.reduce((sum, c) => sum + c.duplicates, 0) - duplicatesBefore,
    serverCpuMs: cpuMs(target.child.pid ?? 0) - cpuBefore,
  }
}

/** send→push latency at a steady PACED_RATE: the send time rides in the text. */
async function measureLatency({ clients }: Connected) {
  const latencies: number[] = []
  for (const c of clients) {
    c.onPush = (m) => {
      const sentAt = Number(m.MsgBody[0]?.MsgContent.Text.slice(2))
      if (Number.isFinite(sentAt)) latencies.push(performance.now() - sentAt)
    }
  }
  const pacedTotal = PACED_RATE * PACED_SECONDS
  const tickMs = 10
  const perTick = (PACED_RATE * tickMs) / 1000
  let sentPaced = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (let k = 0; k < perTick && sentPaced < pacedTotal; k++, sentPaced++) {
        const index = sentPaced % clients.length
        const from = clients[index] as RawClient
        const to = clients[(index + 1) % clients.length] as RawClient
        void from.send(to.userID, random++, `L:${performance.now()}`)
      }
      if (sentPaced >= pacedTotal) {
        clearInterval(timer)
        resolve()
      }
    }, tickMs)
  })
  const waitUntil = Date.now() + 10000
  while (latencies.length < pacedTotal && Date.now() < waitUntil)
    await new Promise((r) => setTimeout(r, 20))
  latencies.sort((a, b) => a - b)
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies.length,
  }
}

async function startLocalImChild(name: string, extraArgs: string[]): Promise<Target> {
  const { child, url } = await startChild(
    join(__dirname, '..', 'src', 'cli.ts'),
    [
      ...['--port', '0', '--sdkappid', String(SDK_APP_ID), '--secret-key', SECRET],
      ...['--rest-rate-limit', '100000', '--log-level', 'warn', ...extraArgs],
    ],
    /listening (ws:\/\/\S+) (http:\/\/\S+)/,
  )
  return { name, url, child }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

async function main(): Promise<void> {
  const ids = Array.from({ length: CLIENTS }, (_, i) => `u${i}`)
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-bench-'))
  const targets = [
    await startLocalImChild('local-im --data (durable)', ['--data', dataDir]),
    await startLocalImChild('local-im in memory', []),
    {
      name: 'bare ws relay',
      ...(await startChild(join(__dirname, 'ws-relay.ts'), [], /listening (ws:\/\/\S+)/)),
    },
  ]
  const connected: Connected[] = []
  for (const target of targets) {
    if (target.name !== 'bare ws relay')
      await importAccounts(target.url.replace('ws://', 'http://'), ids)
    connected.push(await connectAll(target, ids))
  }
  // The servers take turns, round after round, so a busy spell of the machine hits them alike.
  const perClient = Math.ceil(MESSAGES / ROUNDS / CLIENTS)
  const bursts = connected.map(() => [] as Awaited<ReturnType<typeof burst>>[])
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < connected.length; k++) {
      const index = (k + round) % connected.length
      bursts[index]?.push(await burst(connected[index] as Connected, perClient))
    }
  }
  const results = []
  for (const [index, side] of connected.entries()) {
    const runs = bursts[index] ?? []
    const total = runs.reduce((sum, r) => sum + r.total, 0)
    const received = runs.reduce((sum, r) => sum + r.received, 0)
    results.push({
      name: side.target.name,
      rate: median(runs.map((r) => r.received / r.seconds)),
      rates: runs.map((r) => Math.round(r.received / r.seconds)),
      total,
      lost: total - received,
      duplicates: runs.reduce((sum, r) => sum + r.duplicates, 0),
      cpuPerThousand: (runs.reduce((sum, r) => sum + r.serverCpuMs, 0) / received) * 1000,
      perConnectionKiB: side.perConnectionKiB,
      ...(await measureLatency(side)),
    })
  }
  for (const side of connected) for (const c of side.clients) c.socket.terminate()
  for (const target of targets) target.child.kill('SIGTERM')
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  process.stdout.write(
    `machine: ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  )
  process.stdout.write(
    `clients: ${CLIENTS}, messages per server: ${results[0]?.total} in ${ROUNDS} rounds\n`,
  )
  for (const r of results) {
    process.stdout.write(
      `${r.name}: median ${Math.round(r.rate)} delivered msg/s (rounds ${r.rates.join(', ')}), ` +
        `server CPU ${r.cpuPerThousand.toFixed(0)} ms per 1,000 messages, lost ${r.lost}, duplicated ${r.duplicates}, ` +
        `send→push p50 ${r.p50.toFixed(2)} ms p99 ${r.p99.toFixed(2)} ms at ${PACED_RATE} msg/s (${r.samples} samples), ` +
        `${r.perConnectionKiB.toFixed(1)} KiB RSS per connection\n`,
    )
  }
  const [durable, memory, relay] = results
  if (durable && memory && relay) {
    const ratio = (r: { rate: number }) => (r.rate / relay.rate).toFixed(2)
    process.stdout.write(
      `throughput ratio to the bare relay: durable ${ratio(durable)}, in memory ${ratio(memory)}\n`,
    )
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
