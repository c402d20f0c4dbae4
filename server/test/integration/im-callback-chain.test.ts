/**
 * The whole content-check chain, every part real: a tim-wx-sdk user sends through the local IM,
 * which calls this server's POST /im/callback (Tencent's query, Sign and body); a refused word
 * rejects the sender's sendMessage with 120001 and the text the app shows, and reaches nobody; an
 * allowed message flows. Admin sends go through the same callback (REST sendmsg).
 */
import {
  createSdkUser,
  destroyAllSdkUsers,
  restCall,
  type SdkUser,
} from '@tim-c2c/local-im/testing'
import { CONTENT_REFUSED_CODE, CONTENT_REFUSED_INFO } from '../../src/routes/im-callback'
import { startStack, type LoginResult, type Stack } from '../support/stack'

const TOKEN = 'chain-callback-token'
let stack: Stack

beforeAll(async () => {
  stack = await startStack({ IM_CALLBACK_TOKEN: TOKEN })
  // What the console's callback settings hold: this server's URL and the shared token.
  stack.im.configureCallback({ url: `${stack.server.url}/im/callback`, token: TOKEN })
})
afterEach(() => destroyAllSdkUsers())
afterAll(async () => {
  await stack.close()
})

const sdkUserFor = (login: LoginResult): Promise<SdkUser> =>
  createSdkUser({
    localIm: stack.im,
    userID: login.userID,
    userSig: login.userSig,
    importAccount: false,
  })

const texts = (user: SdkUser) =>
  user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) =>
      (e.data as { payload: { text?: string; description?: string } }[]).map(
        (m) => m.payload.text ?? m.payload.description,
      ),
    )

it('a refused word fails the real sender with 120001 and reaches nobody; other messages flow', async () => {
  const alice = await sdkUserFor(await stack.login('chain_alice'))
  const bob = await sdkUserFor(await stack.login('chain_bob'))
  const to = { to: 'chain_bob', conversationType: 'C2C' }

  const refused = await alice.tim
    .sendMessage(alice.tim.createTextMessage({ ...to, payload: { text: '兼职日结，加我' } }))
    .catch((error: unknown) => error)
  expect(refused).toMatchObject({ code: CONTENT_REFUSED_CODE, message: CONTENT_REFUSED_INFO })
  const card = alice.tim.createCustomMessage({
    ...to,
    payload: { data: '{}', description: '刷 单 返 利', extension: '' },
  })
  await expect(alice.tim.sendMessage(card)).rejects.toMatchObject({ code: CONTENT_REFUSED_CODE })

  const allowed = await alice.tim.sendMessage(
    alice.tim.createTextMessage({ ...to, payload: { text: '周末一起吃饭吗？' } }),
  )
  expect(allowed.code).toBe(0)
  await bob.waitFor(() => texts(bob).length > 0)
  expect(texts(bob)).toEqual(['周末一起吃饭吗？'])

  const history = await restCall(stack.im, 'openim/admin_getroammsg', {
    Operator_Account: 'chain_bob',
    Peer_Account: 'chain_alice',
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 60,
  })
  expect(history.MsgCnt).toBe(1)
})

it('an admin message with a refused word is refused too, as 422 content_rejected', async () => {
  await stack.login('chain_carol')
  await stack.login('chain_dave')
  const refused = await stack.call('POST', '/api/admin/messages', {
    admin: true,
    body: { from: 'chain_carol', to: 'chain_dave', text: '网络赌博来吗' },
  })
  expect(refused).toMatchObject({ status: 422, body: { code: 'content_rejected' } })
  const allowed = await stack.call('POST', '/api/admin/messages', {
    admin: true,
    body: { from: 'chain_carol', to: 'chain_dave', text: 'hello' },
  })
  expect(allowed.status).toBe(200)
})
