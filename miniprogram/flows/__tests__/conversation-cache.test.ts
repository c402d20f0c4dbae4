/**
 * The conversation list kept on the phone per account: written after the list changes, painted back at the next
 * launch (times and unread texts made afresh), never over a list the store already has, ignored when broken,
 * and gone with the session.
 */
import { waitFor } from '../../__tests__/support/stack'
import type { ConversationView, Credentials } from '../../models/types'
import { conversationStore, resetAllStores } from '../../stores/index'
import { conversationCache } from '../conversation-cache'

const account: Credentials = Object.freeze({
  token: 't',
  userID: 'alice',
  userSig: 's',
  sdkAppID: 1400000123,
  expireAt: Date.now() + 3_600_000,
})
const KEY = 'tim-c2c:conversations:1400000123:alice'

function conversation(n: number): ConversationView {
  const lastTime = Date.now() - n * 60_000
  return Object.freeze({
    conversationID: `C2Cfriend${n}`,
    peerID: `friend${n}`,
    nick: `朋友${n}`,
    avatar: '',
    preview: `第 ${n} 条`,
    lastTime,
    timeText: 'stale',
    unread: n % 3,
    unreadText: 'stale',
    pinned: n === 7,
  })
}

afterEach(() => {
  conversationCache.forget(account)
  resetAllStores()
})

test('the list is kept as it changes and painted back whole at the next launch', async () => {
  conversationCache.watch(account)
  conversationStore.setAll(Array.from({ length: 50 }, (_, i) => conversation(i + 1)))
  await waitFor(() => Boolean(wx.getStorageSync(KEY)), 'the list to be kept')
  conversationCache.stop()

  resetAllStores()
  conversationCache.restore(account)
  const list = conversationStore.list
  expect(list).toHaveLength(50)
  expect(list[0]).toMatchObject({ peerID: 'friend7', pinned: true })
  expect(list.find((c) => c.peerID === 'friend2')).toMatchObject({
    nick: '朋友2',
    preview: '第 2 条',
    unread: 2,
    unreadText: '2',
    timeText: expect.not.stringMatching(/stale/),
  })
})

test('a list the store already has wins; a broken entry paints nothing', () => {
  conversationStore.setAll([conversation(1)])
  wx.setStorageSync(KEY, JSON.stringify([conversation(2), conversation(3)]))
  conversationCache.restore(account)
  expect(conversationStore.list.map((c) => c.peerID)).toEqual(['friend1'])

  resetAllStores()
  wx.setStorageSync(KEY, JSON.stringify([{ conversationID: 'C2Cx', nick: 3 }]))
  conversationCache.restore(account)
  expect(conversationStore.list).toEqual([])
  wx.setStorageSync(KEY, '{not json')
  conversationCache.restore(account)
  expect(conversationStore.list).toEqual([])
})

test('the session ending takes the kept list with it, and another account never sees it', async () => {
  conversationCache.watch(account)
  conversationStore.setAll([conversation(1)])
  await waitFor(() => Boolean(wx.getStorageSync(KEY)), 'the list to be kept')
  resetAllStores()
  conversationCache.restore({ ...account, userID: 'bob' })
  expect(conversationStore.list).toEqual([])

  conversationCache.forget(account)
  expect(wx.getStorageSync(KEY)).toBe('')
  conversationCache.restore(account)
  expect(conversationStore.list).toEqual([])
})
