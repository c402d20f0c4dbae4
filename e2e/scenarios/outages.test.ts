/**
 * Things going wrong around a conversation: the local IM stops and comes back with its data, bob's phone loses
 * the network, and alice logs in on a second phone.
 */
import {
  chatRows,
  connectionState,
  countText,
  loginAsFriends,
  openChatFromContacts,
  sendText,
  sendTexts,
  waitForConnection,
  waitForRows,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('outages')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
  await loginAsFriends(alice, bob)
  await openChatFromContacts(alice, 'bob')
  await sendText(alice, '开始')
  await openChatFromContacts(bob, 'alice')
  await waitForRows(bob, 'the first message', (rows) => countText(rows, '开始') === 1)
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

test('a message sent while the local IM is stopped shows failed; after it restarts, resend delivers it exactly once', async () => {
  await world.stack.stopLocalIm()
  await sendText(alice, '断线时发的消息')
  const failed = await waitForRows(
    alice,
    'the message marked failed',
    (rows) => rows.some((row) => row.text === '断线时发的消息' && row.status === 'failed'),
    90_000,
  )
  expect(failed.find((row) => row.text === '断线时发的消息')!.statusText).toBe('发送失败，点击重发')
  await alice.shot('failed')

  await world.stack.startLocalIm()
  await waitForConnection(alice, 'connected')
  await waitForConnection(bob, 'connected')
  await alice.tap('.message-status--failed')
  await waitForRows(alice, 'the resent message sent', (rows) =>
    rows.some((row) => row.text === '断线时发的消息' && row.status === 'sent'),
  )
  // A message after it: once bob has that one, a duplicate of the resent one would be there too.
  await sendText(alice, '重发之后')
  const bobRows = await waitForRows(bob, 'the resent message and the one after it', (rows) =>
    rows.some((row) => row.text === '重发之后'),
  )
  expect(countText(bobRows, '断线时发的消息')).toBe(1)
  expect(countText(await chatRows(alice), '断线时发的消息')).toBe(1)
  expect(bobRows.map((row) => row.text).slice(-2)).toEqual(['断线时发的消息', '重发之后'])
  await alice.shot('resent')
  await bob.shot('received-once')
})

testWithHostControls(
  'bob goes offline, alice sends 20 messages, bob comes back: all 20 arrive once, in order',
  async () => {
    const batch = Array.from({ length: 20 }, (_, i) => `离线消息 ${String(i + 1).padStart(2, '0')}`)
    await bob.control('setNetwork', { online: false })
    await waitUntil('bob to notice he is offline', async () =>
      (await connectionState(bob)) !== 'connected' ? true : undefined,
    )
    await bob.shot('offline')

    await sendTexts(alice, batch)
    await waitForRows(alice, 'all 20 sent', (rows) =>
      batch.every((text) => rows.some((row) => row.text === text && row.status === 'sent')),
    )
    expect((await chatRows(bob)).some((row) => row.text.startsWith('离线消息'))).toBe(false)

    await bob.control('setNetwork', { online: true })
    const rows = await waitForRows(
      bob,
      'the 20 messages after reconnecting',
      (r) => r.some((row) => row.text === batch[batch.length - 1]),
      60_000,
    )
    expect(rows.filter((row) => row.text.startsWith('离线消息')).map((row) => row.text)).toEqual(
      batch,
    )
    await waitForConnection(bob, 'connected')
    await bob.shot('back-online')
  },
)

test('the same user logs in on a second phone: the first is kicked to the login page with the reason', async () => {
  const secondPhone = await world.openPhone('alice-second-phone')
  await secondPhone.loginAs('alice')

  await alice.waitForRoute(ROUTES.login)
  const reason = await (await alice.element('#logout-reason')).text()
  expect(reason).toMatch(/其他(设备|页面)登录/)
  await alice.shot('kicked')

  // The new phone carries on with the same account.
  await openChatFromContacts(secondPhone, 'bob')
  await sendText(secondPhone, '换了台手机')
  await waitForRows(bob, 'the message from alice’s new phone', (rows) =>
    rows.some((row) => row.text === '换了台手机'),
  )
  await secondPhone.shot('chat')
})
