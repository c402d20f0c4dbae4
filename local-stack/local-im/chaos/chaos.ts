/**
 * The local IM under faults: real-SDK phones exchange numbered messages while their sockets are
 * cut at random and the IM (a CLI child with --data) is SIGKILLed and restarted on the same data
 * and port. Afterwards the server's history, each live phone's received messages and final chat
 * view, and a fresh login's history are compared with the acknowledged sends.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createSdkUser,
  destroyAllSdkUsers,
  restCall,
  startImProcess,
  type ImProcess,
  type SdkUser,
} from '../testing'
import { addTally, disordered, emptyTally, tally, type Tally } from './tally'
import { describeArrival, traceArrivals } from './trace'

export interface ChaosOptions {
  /** Phones; the first one never sends (it shows how an idle phone comes back). */
  phones: number
  /** Numbered messages in all. */
  messages: number
  /** SIGKILL + restart cycles, spread over the run. */
  kills: number
  /**
   * Highest rate of one chat, both directions together (messages per second; default 12): see
   * README for why it stays under 16.
   */
  perChatRate?: number
  /** Seconds between the SDK's keep-alives (how soon an idle phone notices the IM is back). */
  helloInterval?: number
  log?: (line: string) => void
}

export interface ChaosReport {
  phones: number
  acknowledged: number
  kills: number
  socketCuts: number
  resends: number
  seconds: number
  server: Tally
  liveReceived: Tally
  liveView: Tally
  freshLogin: Tally
  /**
   * Messages a live phone got late because the SDK's reconnect recovery started past them
   * (shown in the log with their arrivals); not counted as out of order above.
   */
  sdkRecoveryLate: string[]
}

type Msg = { from: string; to: string; payload: { text?: string } }

const text = (from: string, to: string, n: number) => `chaos ${from}>${to} #${n}`
const pairOf = (t: string) => /^chaos (\S+)>(\S+) #/.exec(t)?.slice(1, 3).join('>')
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined)
  const started = Date.now()
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-chaos-'))
  const args = ['--hello-interval', String(options.helloInterval ?? 2)]
  let im: ImProcess = await startImProcess({ dataDir, args })
  const port = im.port
  // One stable address for phones and REST calls across restarts (same port, same secret).
  const target = {
    wsUrl: im.wsUrl,
    httpUrl: im.httpUrl,
    sdkAppID: im.sdkAppID,
    admin: im.admin,
    genUserSig: (userID: string, seconds?: number) => im.genUserSig(userID, seconds),
  }
  const ids = Array.from({ length: options.phones }, (_, i) => `p${i}`)
  await restCall(target, 'im_open_login_svc/multiaccount_import', { Accounts: ids })
  const phones: SdkUser[] = []
  for (const userID of ids) phones.push(await createSdkUser({ localIm: target, userID }))
  const traces = new Map(phones.map((phone) => [phone.userID, traceArrivals(phone)]))

  // Who sends what: every phone but the idle one, to its peers in turn, numbered per direction.
  const senders = ids.slice(1)
  const plans = new Map<string, { to: string; text: string }[]>()
  const counters = new Map<string, number>()
  for (let i = 0; i < options.messages; i++) {
    const from = senders[i % senders.length] as string
    const peers = ids.filter((id) => id !== from)
    const to = peers[Math.floor(i / senders.length) % peers.length] as string
    const n = (counters.get(`${from}>${to}`) ?? 0) + 1
    counters.set(`${from}>${to}`, n)
    plans.set(from, [...(plans.get(from) ?? []), { to, text: text(from, to, n) }])
  }
  const acked = new Map<string, string[]>()
  let acknowledged = 0
  let resends = 0
  // Each sender writes to its peers in turn, so one direction of a chat gets every
  // (ids.length - 1)th of its sends; the two directions share the chat's rate.
  const perDirection = (options.perChatRate ?? 12) / 2
  const gap = 1000 / (perDirection * (ids.length - 1))

  const sendAll = async (phone: SdkUser) => {
    for (const item of plans.get(phone.userID) ?? []) {
      const sentAt = Date.now()
      const message = phone.tim.createTextMessage({
        to: item.to,
        conversationType: 'C2C',
        payload: { text: item.text },
      })
      // As a user would: resend the same message (same MsgRandom) until it is acknowledged.
      let attempt = phone.tim.sendMessage(message)
      for (;;) {
        const failed = await attempt.then(
          () => false,
          (_sendFailed: unknown) => true,
        )
        if (!failed) break
        resends++
        attempt = phone.tim.resendMessage(message)
      }
      const pair = `${phone.userID}>${item.to}`
      acked.set(pair, [...(acked.get(pair) ?? []), item.text])
      acknowledged++
      await pause(Math.max(0, gap - (Date.now() - sentAt)))
    }
  }

  let kills = 0
  let socketCuts = 0
  let sending = true
  const chaos = async () => {
    while (sending) {
      await pause(300 + Math.random() * 1200)
      if (!sending) break
      const due = Math.floor((acknowledged / options.messages) * (options.kills + 1))
      if (kills < options.kills && due > kills) {
        await im.kill()
        kills++
        log(`SIGKILL ${kills} at ${acknowledged} acknowledged`)
        await pause(Math.random() * 800)
        im = await startImProcess({ dataDir, args, port })
      } else {
        const phone = phones[Math.floor(Math.random() * phones.length)] as SdkUser
        phone.wx.closeSockets()
        socketCuts++
      }
    }
  }
  const chaosDone = chaos()
  await Promise.all(phones.slice(1).map(sendAll))
  sending = false
  await chaosDone
  log(
    `all ${acknowledged} acknowledged; ${kills} kills, ${socketCuts} socket cuts, ${resends} resends`,
  )

  const expectedFor = (pair: string) => acked.get(pair) ?? []
  const pairs = ids.flatMap((from) => ids.filter((to) => to !== from).map((to) => `${from}>${to}`))
  const received = (phone: SdkUser) =>
    phone.events
      .filter((e) => e.name === phone.TIM.EVENT.MESSAGE_RECEIVED)
      .flatMap((e) => e.data as Msg[])
      .map((m) => m.payload.text ?? '')
  const owedTo = (userID: string) =>
    pairs.filter((pair) => pair.endsWith(`>${userID}`)).flatMap(expectedFor)
  for (const phone of phones) {
    await phone
      .waitFor(
        () => new Set(received(phone)).size >= owedTo(phone.userID).length,
        60000,
        'every acknowledged message live',
      )
      .catch((_stillMissing: unknown) => {
        const got = new Set(received(phone))
        const missing = owedTo(phone.userID).filter((t) => !got.has(t))
        const events = traces.get(phone.userID)?.events ?? []
        log(
          `${phone.userID} did not receive everything live: ${missing.length} missing ` +
            `(${missing.slice(0, 5).join(', ')}…); its last socket events:\n  ` +
            events.slice(-25).join('\n  '),
        )
      })
  }

  const byPair = (texts: string[]) => {
    const map = new Map<string, string[]>()
    for (const t of texts) {
      const pair = pairOf(t)
      if (pair) map.set(pair, [...(map.get(pair) ?? []), t])
    }
    return map
  }
  const compare = (
    views: Map<string, string[]>,
    only: (pair: string) => boolean,
    excused: ReadonlySet<string> = new Set(),
  ) => {
    const total = emptyTally()
    for (const pair of pairs.filter(only))
      addTally(total, tally(expectedFor(pair), views.get(pair) ?? [], true, excused))
    return total
  }

  const server = emptyTally()
  for (const to of ids) {
    for (const from of ids.filter((id) => id !== to)) {
      const texts = await serverHistory(target, to, from)
      addTally(
        server,
        compare(byPair(texts), (pair) => pair === `${from}>${to}`),
      )
    }
  }
  const liveReceived = emptyTally()
  const liveView = emptyTally()
  const sdkRecoveryLate: string[] = []
  for (const phone of phones) {
    // Every disorder is logged with how each message arrived; those the SDK's reconnect
    // recovery causes (README, "One more SDK trait") are excused and counted apart.
    const trace = traces.get(phone.userID)
    const excused = new Set<string>()
    let firstMisplaced: number | undefined
    for (const [pair, texts] of byPair(received(phone))) {
      const peer = pair.split('>')[0] ?? ''
      for (const { text, after } of disordered(expectedFor(pair), texts)) {
        const known = trace?.lateThroughRecovery(text, after, peer) ?? false
        if (known) excused.add(text)
        firstMisplaced ??= known ? undefined : trace?.first.get(text)?.at
        log(
          `${phone.userID} out of order${known ? ' (the SDK recovery trait)' : ''}: ` +
            `${describeArrival(text, trace?.first.get(text))} ` +
            `after ${describeArrival(after, trace?.first.get(after))}`,
        )
      }
    }
    if (trace && firstMisplaced !== undefined) {
      log(
        `${phone.userID} socket events before it:\n  ${trace.around(firstMisplaced).join('\n  ')}`,
      )
    }
    sdkRecoveryLate.push(...excused)
    addTally(
      liveReceived,
      compare(byPair(received(phone)), (p) => p.endsWith(`>${phone.userID}`), excused),
    )
    addTally(liveView, await chatViews(phone, ids, compare, excused))
  }
  await destroyAllSdkUsers()
  const freshLogin = emptyTally()
  for (const userID of ids) {
    const fresh = await createSdkUser({ localIm: target, userID, importAccount: false })
    addTally(freshLogin, await chatViews(fresh, ids, compare))
    await fresh.destroy()
  }
  await im.stop()
  return {
    phones: ids.length,
    acknowledged,
    kills,
    socketCuts,
    resends,
    seconds: (Date.now() - started) / 1000,
    server,
    liveReceived,
    liveView,
    freshLogin,
    sdkRecoveryLate,
  }
}

/** One user's whole chat with each peer, through getMessageList pages, as the app shows it. */
async function chatViews(
  user: SdkUser,
  ids: string[],
  compare: (
    views: Map<string, string[]>,
    only: (pair: string) => boolean,
    excused?: ReadonlySet<string>,
  ) => Tally,
  excused: ReadonlySet<string> = new Set(),
): Promise<Tally> {
  const total = emptyTally()
  for (const peer of ids.filter((id) => id !== user.userID)) {
    let list: Msg[] = []
    let next: string | undefined
    for (let page = 0; page < 10000; page++) {
      const { data } = await user.tim.getMessageList({
        conversationID: `C2C${peer}`,
        nextReqMessageID: next,
      })
      list = [...(data.messageList as Msg[]), ...list]
      if (data.isCompleted) break
      next = data.nextReqMessageID
    }
    const views = new Map<string, string[]>()
    for (const m of list) {
      const t = m.payload.text ?? ''
      const pair = pairOf(t)
      if (pair) views.set(pair, [...(views.get(pair) ?? []), t])
    }
    const mine = `${user.userID}>${peer}`
    const theirs = `${peer}>${user.userID}`
    addTally(
      total,
      compare(views, (pair) => pair === mine || pair === theirs, excused),
    )
  }
  return total
}

/** The server's history of one chat as `owner` sees it, oldest first, through REST paging. */
async function serverHistory(
  target: Parameters<typeof restCall>[0],
  owner: string,
  peer: string,
): Promise<string[]> {
  type Page = {
    Complete: number
    LastMsgTime: number
    LastMsgKey: string
    MsgList: { MsgBody: { MsgContent: { Text?: string } }[] }[]
  }
  let texts: string[] = []
  let maxTime = Math.floor(Date.now() / 1000) + 60
  let lastKey = ''
  for (;;) {
    const page = (await restCall(target, 'openim/admin_getroammsg', {
      Operator_Account: owner,
      Peer_Account: peer,
      MaxCnt: 100,
      MinTime: 0,
      MaxTime: maxTime,
      LastMsgKey: lastKey,
    })) as unknown as Page
    texts = [...page.MsgList.map((m) => m.MsgBody[0]?.MsgContent.Text ?? ''), ...texts]
    if (page.Complete === 1 || page.MsgList.length === 0) return texts
    maxTime = page.LastMsgTime
    lastKey = page.LastMsgKey
  }
}
