/**
 * The before-send callback with the real SDK and REST: Tencent's query, Sign and body reach the
 * app's URL, and each answer does what Tencent documents (allow, edit, refuse, drop silently);
 * a callback that fails or is slower than 2 s lets the message through; arrival order is kept.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalIm } from '../src/index'
import {
  createSdkUser,
  destroyAllSdkUsers,
  killAllImProcesses,
  restCall,
  startImProcess,
  type SdkUser,
} from '../testing'
import { SDK_APP_ID, startTestIm } from './helpers'

const TOKEN = 'callback-token-for-tests'

interface Received {
  query: URLSearchParams
  body: Record<string, unknown>
}

/** The app's callback endpoint: records each request and answers as `answer` decides. */
class AppCallback {
  readonly requests: Received[] = []
  private readonly held: (() => void)[] = []
  private server!: Server
  url = ''
  answer: (request: Received, response: ServerResponse) => void = (_r, response) =>
    json(response, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' })

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response) => {
      let text = ''
      request.on('data', (chunk: Buffer) => (text += chunk.toString()))
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://localhost')
        const received = {
          query: url.searchParams,
          body: JSON.parse(text) as Record<string, unknown>,
        }
        this.requests.push(received)
        this.answer(received, response)
      })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/im/callback`
  }

  /** Never answers (until the test ends): the IM's 2 s limit decides. */
  hold(response: ServerResponse): void {
    this.held.push(() => response.destroy())
  }

  async stop(): Promise<void> {
    for (const release of this.held.splice(0)) release()
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

const textIn = (r: Received) =>
  ((r.body.MsgBody as { MsgContent: { Text?: string } }[])[0]?.MsgContent.Text ?? '') as string

let im: LocalIm | undefined
let app: AppCallback

beforeEach(async () => {
  app = new AppCallback()
  await app.start()
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im?.close()
  im = undefined
  await killAllImProcesses()
  await app.stop()
})

const received = (user: SdkUser) =>
  user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => e.data as { payload: { text?: string }; cloudCustomData: string }[])

const sendText = (user: SdkUser, text: string, cloudCustomData = '') =>
  user.tim.sendMessage(
    user.tim.createTextMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { text },
      cloudCustomData,
    }),
  )

async function roaming(localIm: LocalIm, owner: string, peer: string) {
  const reply = await restCall(localIm, 'openim/admin_getroammsg', {
    Operator_Account: owner,
    Peer_Account: peer,
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 60,
  })
  return reply.MsgList as { MsgKey: string; MsgBody: { MsgContent: { Text?: string } }[] }[]
}

test("an SDK send reaches the app's URL with Tencent's query, Sign and body", async () => {
  im = await startTestIm({ callbackUrl: app.url, callbackToken: TOKEN })
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const before = Math.floor(Date.now() / 1000)
  const sent = await sendText(alice, 'hello', '{"messageReply":{}}')
  expect(sent.code).toBe(0)
  await bob.waitFor(() => received(bob).length === 1)

  const [request] = app.requests
  const query = Object.fromEntries(request?.query ?? [])
  expect(query).toMatchObject({
    SdkAppid: String(SDK_APP_ID),
    CallbackCommand: 'C2C.CallbackBeforeSendMsg',
    contenttype: 'json',
    ClientIP: '127.0.0.1',
    OptPlatform: 'Web',
  })
  const requestTime = Number(query.RequestTime)
  expect(requestTime).toBeGreaterThanOrEqual(before)
  expect(query.Sign).toBe(createHash('sha256').update(`${TOKEN}${query.RequestTime}`).digest('hex'))
  const stored = (await roaming(im, 'bob', 'alice'))[0]
  expect(request?.body).toMatchObject({
    CallbackCommand: 'C2C.CallbackBeforeSendMsg',
    From_Account: 'alice',
    To_Account: 'bob',
    MsgSeq: sent.data.message.sequence,
    MsgRandom: sent.data.message.random,
    MsgTime: sent.data.message.time,
    MsgKey: stored?.MsgKey,
    OnlineOnlyFlag: 0,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
    CloudCustomData: '{"messageReply":{}}',
  })
  expect(typeof request?.body.MsgId).toBe('string')
})

test('each answer does what Tencent documents; failures and timeouts let the message through', async () => {
  im = await startTestIm({ callbackUrl: app.url, callbackToken: TOKEN })
  app.answer = (request, response) => {
    const text = textIn(request)
    if (text === 'edit') {
      json(response, {
        ActionStatus: 'OK',
        ErrorCode: 0,
        ErrorInfo: '',
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'edited by the app' } }],
        CloudCustomData: 'from the app',
      })
    } else if (text === 'deny') json(response, { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: '' })
    else if (text === 'drop') json(response, { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' })
    else if (text === 'app code') {
      json(response, { ActionStatus: 'OK', ErrorCode: 120001, ErrorInfo: '含有不允许的内容' })
    } else if (text === 'server error') {
      response.writeHead(500)
      response.end('oops')
    } else if (text === 'not json') {
      response.writeHead(200)
      response.end('<html>')
    } else if (text === 'slow') app.hold(response)
    else json(response, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' })
  }
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  // sendMessage resolves with code 0, or rejects with the code and message of the refusal.
  const outcome = async (text: string) => {
    const result = (await sendText(alice, text).catch((error: unknown) => error)) as {
      code: number
      message?: string
    }
    return result.code === 0 ? 0 : { code: result.code, message: result.message }
  }
  expect(await outcome('plain')).toBe(0)
  expect(await outcome('edit')).toBe(0)
  expect(await outcome('deny')).toMatchObject({ code: 20006 })
  // ErrorCode 2: the sender is told it was sent; nobody gets it.
  expect(await outcome('drop')).toBe(0)
  expect(await outcome('app code')).toEqual({ code: 120001, message: '含有不允许的内容' })
  expect(await outcome('server error')).toBe(0)
  expect(await outcome('not json')).toBe(0)
  expect(await outcome('slow')).toBe(0)

  const expected = ['plain', 'edited by the app', 'server error', 'not json', 'slow']
  await bob.waitFor(() => received(bob).length === expected.length)
  expect(received(bob).map((m) => m.payload.text)).toEqual(expected)
  expect(received(bob)[1]?.cloudCustomData).toBe('from the app')
  expect((await roaming(im, 'bob', 'alice')).map((m) => m.MsgBody[0]?.MsgContent.Text)).toEqual(
    expected,
  )
})

test('messages keep their arrival order when an earlier callback answers later', async () => {
  im = await startTestIm({ callbackUrl: app.url })
  const waiting: (() => void)[] = []
  app.answer = (request, response) => {
    const reply = () => json(response, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' })
    // The first answer waits until the second request is in; the second is answered first.
    if (textIn(request) === 'first') waiting.push(reply)
    else {
      reply()
      waiting.splice(0).forEach((release) => release())
    }
  }
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  await Promise.all([sendText(alice, 'first'), sendText(alice, 'second')])
  await bob.waitFor(() => received(bob).length === 2)
  expect(received(bob).map((m) => m.payload.text)).toEqual(['first', 'second'])
  // Without a token there is no Sign (callback authentication off in the console).
  expect(app.requests[0]?.query.has('Sign')).toBe(false)
})

test('REST sendmsg goes through the callback unless ForbidBeforeSendMsgCallback says not to', async () => {
  im = await startTestIm({ callbackUrl: app.url, callbackToken: TOKEN })
  app.answer = (request, response) =>
    json(response, {
      ActionStatus: 'OK',
      ErrorCode: textIn(request) === 'refuse me' ? 120002 : 0,
      ErrorInfo: 'refused for REST',
    })
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  const send = (text: string, extra: Record<string, unknown> = {}) =>
    restCall(im as LocalIm, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgRandom: Math.floor(Math.random() * 2 ** 31),
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
      ...extra,
    })
  expect(await send('refuse me')).toMatchObject({
    ErrorCode: 120002,
    ErrorInfo: 'refused for REST',
  })
  expect(await send('fine')).toMatchObject({ ErrorCode: 0 })
  expect(app.requests.map((r) => r.query.get('OptPlatform'))).toEqual(['RESTAPI', 'RESTAPI'])
  const forbidden = await send('refuse me', {
    ForbidCallbackControl: ['ForbidBeforeSendMsgCallback'],
  })
  expect(forbidden).toMatchObject({ ErrorCode: 0 })
  expect(app.requests).toHaveLength(2)
  expect((await roaming(im, 'bob', 'alice')).map((m) => m.MsgBody[0]?.MsgContent.Text)).toEqual([
    'fine',
    'refuse me',
  ])
})

test('an online-only message is asked about with OnlineOnlyFlag 1; an unreachable app lets it through', async () => {
  im = await startTestIm({ callbackUrl: app.url })
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const typing = alice.tim.createTextMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { text: 'typing' },
  })
  await alice.tim.sendMessage(typing, { onlineUserOnly: true })
  expect(app.requests[0]?.body.OnlineOnlyFlag).toBe(1)
  await app.stop()
  app = new AppCallback()
  await app.start()
  // The callback now points at a port nobody listens on.
  im.configureCallback({ url: 'http://127.0.0.1:9/im/callback', token: TOKEN })
  await sendText(alice, 'through anyway')
  await bob.waitFor(() => received(bob).some((m) => m.payload.text === 'through anyway'))
})

test('the CLI takes --callback-url and --callback-token', async () => {
  const im2 = await startImProcess({
    dataDir: mkdtempSync(join(tmpdir(), 'local-im-callback-')),
    args: ['--callback-url', app.url, '--callback-token', TOKEN],
  })
  const alice = await createSdkUser({ localIm: im2, userID: 'alice' })
  await restCall(im2, 'im_open_login_svc/account_import', { UserID: 'bob' })
  // A first message the app allows: the new process's first callback request (its HTTP client starting up) must
  // not be the one that meets the 2 s deadline on a busy machine, since a late answer lets a message through.
  await sendText(alice, 'first')
  expect(app.requests).toHaveLength(1)
  app.answer = (_request, response) =>
    json(response, { ActionStatus: 'OK', ErrorCode: 120001, ErrorInfo: 'no' })
  await expect(sendText(alice, 'hi')).rejects.toMatchObject({ code: 120001, message: 'no' })
  expect(app.requests[1]?.query.get('Sign')).toMatch(/^[0-9a-f]{64}$/)
  expect(textIn(app.requests[1] as Received)).toBe('hi')
})
