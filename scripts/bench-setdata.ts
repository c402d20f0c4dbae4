/**
 * `npm run bench:setdata`: setData cost of the real built mini-program, running in the headless host against
 * the real local stack (local IM + app server). alice logs in through the login page and opens the chat with
 * bob; bob's 5,000 messages arrive through the local IM's REST `openim/sendmsg`, as pushes the real SDK
 * delivers to the app; then one more message arrives. The host's setData accounting control
 * (`hostGetSetDataStats`) gives the calls and JSON bytes each step cost, per page and component, and the
 * page's WXML nodes. Budget: the chat page spends one setData of ≤ 2 KB per incoming message and stays at
 * ≤ 1,000 nodes (other pages on the stack, such as the conversation list, are counted and shown apart). Exits 1
 * when over.
 *
 * The history is of mixed kinds (text, image, voice, video, file, profile card, quote-reply, in turn; REST
 * elements with URLs in the local IM's /files/ form, which the bench never downloads), and after it one
 * incoming message of each kind is measured on its own: each must cost the chat page one setData ≤ 2 KB.
 *
 * `-- --compare <built mini-program dir> --route <page> [--route <page> …]` also opens those pages of any
 * other app in a host of its own and prints what loading each one cost, side by side with the product.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import automator from 'miniprogram-automator'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import { genUserSig } from '@tim-c2c/local-im'
import {
  DEV_CREDENTIALS,
  startContractProcess,
  startLocalStack,
  type ContractProcess,
} from '@tim-c2c/test-support'
import { buildMiniProgram } from './lib/local-stack'

const SETDATA_BUDGET_BYTES = 2 * 1024
const NODE_BUDGET = 1_000
const CHAT_ROUTE = 'package-chat/pages/chat/index'
const RATE_LIMITED = 60007
/** The chat page's largest window (package-chat/pages/chat/rows.ts MAX_WINDOW). */
const MAX_WINDOW = 120

const KINDS = ['text', 'image', 'sound', 'video', 'file', 'card', 'reply'] as const
type Kind = (typeof KINDS)[number]

/**
 * A REST message of `kind` whose chat row contains `token` (in its text, a URL, a file name or a card's nick), as
 * Tencent's REST `openim/sendmsg` documents each element.
 */
function messageOf(kind: Kind, token: string, filesUrl: string): Record<string, unknown> {
  const url = (extension: string) => `${filesUrl}/files/${token}.${extension}`
  const body = (MsgType: string, MsgContent: Record<string, unknown>) => [{ MsgType, MsgContent }]
  switch (kind) {
    case 'text':
      return { MsgBody: body('TIMTextElem', { Text: `${token} 内容长度和平时聊天差不多` }) }
    case 'image':
      return {
        MsgBody: body('TIMImageElem', {
          UUID: token,
          ImageFormat: 1,
          ImageInfoArray: [1, 2, 3].map((Type) => ({
            Type,
            Size: 120_000,
            Width: Type === 3 ? 198 : 1080,
            Height: Type === 3 ? 352 : 1920,
            URL: url('jpg'),
          })),
        }),
      }
    case 'sound':
      return {
        MsgBody: body('TIMSoundElem', {
          Url: url('m4a'),
          UUID: token,
          Size: 24_000,
          Second: 7,
          Download_Flag: 2,
        }),
      }
    case 'video':
      return {
        MsgBody: body('TIMVideoFileElem', {
          VideoUrl: url('mp4'),
          VideoUUID: token,
          VideoSize: 2_400_000,
          VideoSecond: 14,
          VideoFormat: 'mp4',
          VideoDownloadFlag: 2,
        }),
      }
    case 'file':
      return {
        MsgBody: body('TIMFileElem', {
          Url: url('pdf'),
          UUID: token,
          FileSize: 380_000,
          FileName: `${token} 季度报告.pdf`,
          Download_Flag: 2,
        }),
      }
    case 'card':
      return {
        MsgBody: body('TIMCustomElem', {
          Data: JSON.stringify({
            businessID: 'user_card',
            version: 1,
            userID: 'carol',
            nick: token,
            avatar: '',
          }),
          Desc: `[名片] ${token}`,
          Ext: '',
        }),
      }
    case 'reply':
      return {
        MsgBody: body('TIMTextElem', { Text: `${token} 好的，就这么定了` }),
        CloudCustomData: JSON.stringify({
          messageReply: {
            messageAbstract: '周六早上八点在地铁站集合，记得带水和午饭',
            messageSender: 'alice',
            messageID: `bench-original-${token}`,
            messageType: 1,
            messageTime: 1_700_000_000,
            messageSequence: 1,
            version: 1,
          },
        }),
      }
  }
}

interface Totals {
  calls: number
  bytes: number
  largest: number
}
interface Stats {
  total: Totals
  byComponent: Record<string, Totals>
  wxmlNodes: number
}

async function startHost(projectDir: string): Promise<{ host: ContractProcess; app: MiniProgram }> {
  const host = await startContractProcess({
    script: 'host',
    label: 'host',
    args: ['--project', projectDir, '--port', '0'],
    ready: /^host listening (ws:\/\/127\.0\.0\.1:\d+)$/,
  })
  const app = await automator.connect({ wsEndpoint: host.match[1]! })
  return { host, app }
}

async function waitUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 300_000
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await probe()
    if (done(last)) return last
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)?.slice(0, 200)})`)
}

const stats = (app: MiniProgram) => app.callWxMethod('hostGetSetDataStats') as Promise<Stats>
const reset = (app: MiniProgram) => app.callWxMethod('hostResetSetDataStats')

function describe(step: Stats): string {
  const parts = Object.entries(step.byComponent).map(
    ([component, totals]) => `${component} ${totals.calls}× ${totals.bytes} B`,
  )
  return `${step.total.calls} setData, ${step.total.bytes} bytes (largest ${step.total.largest} B)  [${parts.join('; ')}]`
}

async function benchProduct(total: number): Promise<{ lines: string[]; problems: string[] }> {
  const stack = await startLocalStack({})
  let host: ContractProcess | undefined
  let app: MiniProgram | undefined
  try {
    const buildDir = mkdtempSync(path.join(os.tmpdir(), 'bench-setdata-'))
    await buildMiniProgram(buildDir, stack)
    ;({ host, app } = await startHost(buildDir))
    const rest = async (api: string, body: object): Promise<void> => {
      const sig = genUserSig(
        DEV_CREDENTIALS.sdkAppID,
        DEV_CREDENTIALS.secretKey,
        DEV_CREDENTIALS.admin,
        3600,
      )
      const query = `sdkappid=${DEV_CREDENTIALS.sdkAppID}&identifier=${DEV_CREDENTIALS.admin}&usersig=${sig}&random=${Math.floor(Math.random() * 1e9)}&contenttype=json`
      const response = await fetch(`${stack.localIm.httpUrl}/v4/${api}?${query}`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
      const reply = (await response.json()) as { ErrorCode?: number; ErrorInfo?: string }
      if (reply.ErrorCode === RATE_LIMITED) {
        // Over the per-API limit (200/s, as Tencent's): back off as a real REST client must, then retry.
        await new Promise((resolve) => setTimeout(resolve, 250))
        return rest(api, body)
      }
      if (reply.ErrorCode) throw new Error(`${api}: ${reply.ErrorCode} ${reply.ErrorInfo}`)
    }
    let sent = 0
    const send = (kind: Kind, token: string) =>
      rest('openim/sendmsg', {
        SyncOtherMachine: 2,
        From_Account: 'bob',
        To_Account: 'alice',
        MsgRandom: Math.floor(Math.random() * 4294967295),
        ...messageOf(kind, token, stack.localIm.httpUrl),
      })
    await rest('im_open_login_svc/account_import', { UserID: 'bob', Nick: 'bob' })

    const page = async () => (await app!.currentPage())!
    await waitUntil(
      'the login page',
      async () => (await page()).path,
      (p) => p === 'pages/login/index',
    )
    await (await (await page()).$('#dev-user-alice'))!.tap()
    await waitUntil(
      'the conversation list',
      async () => (await page()).path,
      (p) => p !== 'pages/login/index',
    )
    await app.callWxMethod('navigateTo', { url: `/${CHAT_ROUTE}?peerID=bob` })
    await waitUntil(
      'the chat page',
      async () => (await page()).path,
      (p) => p === CHAT_ROUTE,
    )
    const chat = await page()

    const started = Date.now()
    // Every kind in turn; the last one a text, which the wait below looks for.
    const workers = Array.from({ length: 16 }, async () => {
      while (sent < total) {
        const index = sent++
        const kind = index === total - 1 ? 'text' : KINDS[index % KINDS.length]!
        await send(kind, `第${index}条`)
      }
    })
    await Promise.all(workers)
    const rowText = async (): Promise<string> => {
      const items = (await chat.data('items')) as { text?: string }[] | undefined
      return JSON.stringify(items?.[items.length - 1] ?? null)
    }
    await waitUntil(`all ${total} messages on the chat page`, rowText, (row) =>
      row.includes(`第${total - 1}条`),
    )
    const loadSeconds = (Date.now() - started) / 1000
    const afterLoad = await stats(app)

    const rowCount = async () => ((await chat.data('items')) as unknown[]).length
    // The live window re-renders once per 90 messages (MAX_WINDOW); let that happen before measuring, so each
    // measured message is an ordinary one.
    let filler = 0
    while ((await rowCount()) > MAX_WINDOW - KINDS.length) {
      const token = `补${filler++}`
      await send('text', token)
      await waitUntil('a filler message', rowText, (row) => row.includes(token))
    }

    const lines = [
      `product chat page in the host, ${total} messages of ${KINDS.length} kinds pushed through the local IM while the chat is open (${loadSeconds.toFixed(1)} s)`,
      `  loading ${total}:      ${describe(afterLoad).slice(0, 240)}`,
    ]
    const problems: string[] = []
    let nodes = 0
    for (const kind of KINDS) {
      await reset(app)
      const token = `新${kind}`
      await send(kind, token)
      await waitUntil(`the incoming ${kind} on the chat page`, rowText, (row) =>
        row.includes(token),
      )
      const incoming = await stats(app)
      const onChat = incoming.byComponent[CHAT_ROUTE] ?? { calls: 0, bytes: 0, largest: 0 }
      lines.push(
        `  one incoming ${kind.padEnd(6)} chat page ${onChat.calls} setData, ${onChat.bytes} bytes; whole app ${describe(incoming).slice(0, 160)}`,
      )
      if (onChat.calls !== 1)
        problems.push(`an incoming ${kind} cost the chat page ${onChat.calls} setData`)
      if (onChat.bytes > SETDATA_BUDGET_BYTES)
        problems.push(`an incoming ${kind}'s setData ${onChat.bytes} B > 2 KB`)
      nodes = Math.max(nodes, incoming.wxmlNodes)
    }
    lines.push(`  WXML nodes:        ${nodes} at most (${await rowCount()} rows rendered)`)
    if (nodes > NODE_BUDGET) problems.push(`${nodes} WXML nodes > ${NODE_BUDGET}`)
    return { lines, problems }
  } finally {
    app?.disconnect()
    await host?.stop()
    await stack.stop()
  }
}

async function benchOther(projectDir: string, routes: string[]): Promise<string[]> {
  const { host, app } = await startHost(projectDir)
  try {
    const lines = [`${projectDir} in the host`]
    for (const route of routes) {
      await reset(app)
      await app.callWxMethod('reLaunch', { url: `/${route.replace(/^\//, '')}` })
      const loaded = await stats(app)
      lines.push(
        `  open ${route}: ${describe(loaded).slice(0, 240)}; ${loaded.wxmlNodes} WXML nodes`,
      )
    }
    return lines
  } finally {
    app.disconnect()
    await host.stop()
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      compare: { type: 'string' },
      route: { type: 'string', multiple: true },
    },
    strict: true,
  })
  const total = Number(values.messages ?? 5_000)
  if (!Number.isInteger(total) || total < 1)
    throw new Error('--messages must be a positive integer')
  if (values.compare && !values.route?.length)
    throw new Error('--compare <built mini-program dir> needs at least one --route <page>')
  const product = await benchProduct(total)
  const other = values.compare
    ? await benchOther(path.resolve(values.compare), values.route ?? [])
    : []
  for (const line of [...product.lines, ...other]) console.log(line)
  console.log(
    product.problems.length === 0 ? 'within budget' : `OVER BUDGET: ${product.problems.join('; ')}`,
  )
  process.exit(product.problems.length === 0 ? 0 : 1)
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  process.exit(1)
})
