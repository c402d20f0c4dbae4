/**
 * The connection lifecycle on phones: messages that arrive while the chat is in the background stay unread
 * until it is back, a phone started without a network opens on its last conversations and logs in when the
 * network comes, and past the reconnect limits the app says 连接已断开 until 重试 logs in again.
 */
import { DEV_CREDENTIALS } from '@tim-c2c/test-support'
import {
  bannerText,
  chatRows,
  connectionState,
  conversations,
  loginAsFriends,
  messagesTabBadge,
  openChatFromContacts,
  sendText,
  tapRetry,
  waitForConnection,
  waitForConversation,
  waitForRows,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

// tim-wx-sdk's own storage entry for bob's conversations (TIM_<SDKAppID>_<userID>_conversationMap).
const CONVERSATION_CACHE_KEY = `TIM_${DEV_CREDENTIALS.sdkAppID}_bob_conversationMap`

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  // Short reconnect limits so the final state comes within a scenario.
  world = await World.create('lifecycle', {
    appConfig: { lifecycle: { maxDisconnectedMs: 3_000, loginTimeoutMs: 5_000 } },
  })
  ;[alice, bob] = await Promise.all([
    world.openPhone('alice'),
    world.openPhone('bob', { keepStorage: true }),
  ])
  await loginAsFriends(alice, bob)
  await openChatFromContacts(alice, 'bob')
  await openChatFromContacts(bob, 'alice')
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

const statusOf = async (phone: Phone, text: string) =>
  (await chatRows(phone)).find((row) => row.text === text)?.statusText

testWithHostControls(
  'bob’s app in the background: alice’s messages reach his phone but stay 未读 on both until he is back',
  async () => {
    await sendText(alice, '你在吗')
    await waitUntil('alice to see 已读', async () => (await statusOf(alice, '你在吗')) === '已读')

    await bob.control('enterBackground')
    await sendText(alice, '后台时发的')
    await waitForRows(bob, 'the message in bob’s chat', (rows) =>
      rows.some((row) => row.text === '后台时发的'),
    )
    await sendText(alice, '还在后台')
    await waitForRows(bob, 'the second one', (rows) => rows.some((row) => row.text === '还在后台'))
    // Both counted unread on bob's phone (the tab badge), neither read on alice's.
    await waitUntil('bob’s 消息 tab to count 2', async () => (await messagesTabBadge(bob)) === '2')
    expect(await statusOf(alice, '后台时发的')).toBe('未读')
    expect(await statusOf(alice, '还在后台')).toBe('未读')
    await alice.shot('unread-while-bob-away')

    await bob.control('enterForeground')
    await waitUntil(
      'alice to see both 已读',
      async () =>
        (await statusOf(alice, '后台时发的')) === '已读' &&
        (await statusOf(alice, '还在后台')) === '已读',
    )
    await waitUntil('bob’s badge to clear', async () => (await messagesTabBadge(bob)) === undefined)
    await alice.shot('read-when-bob-is-back')
  },
)

testWithHostControls(
  'bob’s phone restarts without a network: his last conversations, 网络不可用; the network comes, he logs in',
  async () => {
    await sendText(alice, '重启之前')
    await waitForRows(bob, 'the message before the restart', (rows) =>
      rows.some((row) => row.text === '重启之前'),
    )
    // tim-wx-sdk writes its conversation cache to storage every 20 s; the phone is turned off after that.
    await waitUntil(
      'the SDK’s conversation cache in bob’s storage',
      async () => {
        const raw: unknown = await bob.miniProgram.callWxMethod(
          'getStorageSync',
          CONVERSATION_CACHE_KEY,
        )
        return Array.isArray(raw) && raw.length > 0
      },
      60_000,
    )
    await world.closePhone(bob)

    bob = await world.openPhone('bob', { keepStorage: true, offline: true })
    // No login page: the saved session opens the app on the conversation list at once.
    await bob.waitForRoute(ROUTES.conversations)
    await waitForConversation(bob, 'alice', () => true, 'the cached conversation')
    await waitUntil('网络不可用', async () => (await connectionState(bob)) === 'offline')
    expect(await bannerText(bob)).toBe('网络不可用，请检查网络设置')
    await bob.shot('offline-start')

    await sendText(alice, '你离线时发的')
    await bob.control('setNetwork', { online: true })
    await waitForConnection(bob, 'connected')
    const row = await waitForConversation(
      bob,
      'alice',
      (c) => c.preview.includes('你离线时发的') && c.unread >= 1,
      'the message sent while he was offline',
    )
    expect(row.peerID).toBe('alice')
    expect((await conversations(bob)).length).toBeGreaterThan(0)
    await bob.shot('online')
    await openChatFromContacts(bob, 'alice')
  },
)

test('the IM is unreachable past the reconnect limit: 连接已断开 with 重试; it is back, 重试 logs in again', async () => {
  await world.stack.stopLocalIm()
  // Both phones give up: neither reconnects by itself any more.
  await Promise.all([waitForConnection(alice, 'failed'), waitForConnection(bob, 'failed')])
  expect(await bannerText(alice)).toBe('连接已断开')
  await alice.shot('final-state')

  await world.stack.startLocalIm()
  await Promise.all([tapRetry(alice), tapRetry(bob)])
  await Promise.all([waitForConnection(alice, 'connected'), waitForConnection(bob, 'connected')])
  await sendText(alice, '重试之后')
  await waitForRows(bob, 'the message after 重试', (rows) =>
    rows.some((row) => row.text === '重试之后'),
  )
  expect(await alice.route()).toBe(ROUTES.chat)
  await alice.shot('after-retry')
})
