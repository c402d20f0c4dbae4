import { ImModel, type ChatMessage, type ModelListener } from '../src/model'
import { MemoryStore } from '../src/store'

function model(): { im: ImModel; pushed: ChatMessage[] } {
  const im = new ImModel(new MemoryStore(), 1400000001)
  const pushed: ChatMessage[] = []
  const listener: ModelListener = {
    messageStored: (message) => pushed.push(message),
    messageRevoked: () => undefined,
    readReported: () => undefined,
    messagesPeerRead: () => undefined,
    profileChanged: () => undefined,
    friendsChanged: () => undefined,
    accountKicked: () => undefined,
  }
  im.setListener(listener)
  im.importAccount('alice')
  im.importAccount('bob')
  return { im, pushed }
}

const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }]

test('a read in the same second as a later message leaves that message unread', () => {
  const { im } = model()
  const first = im.sendMessage(
    { from: 'alice', to: 'bob', body: text('a') },
    { syncToSender: false },
  )
  im.reportRead('bob', 'alice', first.message.time, true)
  im.sendMessage({ from: 'alice', to: 'bob', body: text('b') }, { syncToSender: false })
  expect(im.unreadCount('bob', 'alice')).toBe(1)
})

test('messages keep per-conversation order and a retry is stored once', () => {
  const { im, pushed } = model()
  for (let i = 0; i < 50; i++) {
    im.sendMessage(
      {
        from: i % 2 ? 'bob' : 'alice',
        to: i % 2 ? 'alice' : 'bob',
        msgSeq: i,
        msgRandom: 7,
        body: text(`${i}`),
      },
      { syncToSender: true },
    )
  }
  const retry = im.sendMessage(
    { from: 'alice', to: 'bob', msgSeq: 0, msgRandom: 7, body: text('0') },
    { syncToSender: true },
  )
  expect(retry.duplicate).toBe(true)
  expect(pushed).toHaveLength(50)
  const page = im.history('alice', 'bob', { count: 100, older: true })
  expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  expect(page.messages.map((m) => m.msgSeq)).toEqual(Array.from({ length: 50 }, (_, i) => i))
})

test('history pages backwards and forwards around an anchor', () => {
  const { im } = model()
  for (let i = 1; i <= 40; i++)
    im.sendMessage({ from: 'alice', to: 'bob', body: text(`${i}`) }, { syncToSender: false })
  const latest = im.history('bob', 'alice', { count: 15, older: true })
  expect(latest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 26))
  const before = im.history('bob', 'alice', {
    count: 15,
    older: true,
    anchorKey: latest.messages[0]?.key,
  })
  expect(before.messages[0]?.seq).toBe(11)
  expect(before.complete).toBe(false)
  const after = im.history('bob', 'alice', {
    count: 15,
    older: false,
    anchorKey: before.messages[0]?.key,
  })
  expect(after.messages.map((m) => m.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 12))
})

test('a deleted conversation with history hides old messages and comes back with a new one', () => {
  const { im } = model()
  im.sendMessage({ from: 'alice', to: 'bob', body: text('old') }, { syncToSender: false })
  im.deleteConversation('bob', 'alice', true)
  expect(im.listConversations('bob')).toHaveLength(0)
  im.sendMessage({ from: 'alice', to: 'bob', body: text('new') }, { syncToSender: false })
  const [conversation] = im.listConversations('bob')
  expect(conversation?.unread).toBe(1)
  expect(im.history('bob', 'alice', { count: 15, older: true }).messages).toHaveLength(1)
  expect(im.history('alice', 'bob', { count: 15, older: true }).messages).toHaveLength(2)
})

test('offline sync returns what was not pushed live, in pages', () => {
  const { im } = model()
  for (let i = 0; i < 130; i++)
    im.sendMessage({ from: 'alice', to: 'bob', body: text(`${i}`) }, { syncToSender: false })
  const first = im.offlineMessages('bob', undefined, 100)
  expect(first.messages).toHaveLength(100)
  expect(first.complete).toBe(false)
  const second = im.offlineMessages('bob', first.cursor, 100)
  expect(second.messages).toHaveLength(30)
  expect(second.complete).toBe(true)
  im.markDelivered('bob', second.cursor)
  expect(im.offlineMessages('bob', undefined, 100).messages).toHaveLength(0)
})
