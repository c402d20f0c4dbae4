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
    blacklistChanged: () => undefined,
    accountKicked: () => undefined,
  }
  im.setListener(listener)
  im.accounts.importAccount('alice')
  im.accounts.importAccount('bob')
  return { im, pushed }
}

const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }]

test('a read in the same second as a later message leaves that message unread', () => {
  const { im } = model()
  const first = im.sendMessage(
    { from: 'alice', to: 'bob', body: text('a') },
    { syncToSender: false },
  )
  im.conversations.reportRead('bob', 'alice', first.message.time, true)
  im.sendMessage({ from: 'alice', to: 'bob', body: text('b') }, { syncToSender: false })
  expect(im.conversations.unreadCount('bob', 'alice')).toBe(1)
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
  const page = im.conversations.history('alice', 'bob', { count: 100, older: true })
  expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  expect(page.messages.map((m) => m.msgSeq)).toEqual(Array.from({ length: 50 }, (_, i) => i))
})

test('history pages backwards and forwards around an anchor', () => {
  const { im } = model()
  for (let i = 1; i <= 40; i++)
    im.sendMessage({ from: 'alice', to: 'bob', body: text(`${i}`) }, { syncToSender: false })
  const latest = im.conversations.history('bob', 'alice', { count: 15, older: true })
  expect(latest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 26))
  const before = im.conversations.history('bob', 'alice', {
    count: 15,
    older: true,
    anchorKey: latest.messages[0]?.key,
  })
  expect(before.messages[0]?.seq).toBe(11)
  expect(before.complete).toBe(false)
  const after = im.conversations.history('bob', 'alice', {
    count: 15,
    older: false,
    anchorKey: before.messages[0]?.key,
  })
  expect(after.messages.map((m) => m.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 12))
})

test('a deleted conversation with history hides old messages and comes back with a new one', () => {
  const { im } = model()
  im.sendMessage({ from: 'alice', to: 'bob', body: text('old') }, { syncToSender: false })
  im.conversations.deleteConversation('bob', 'alice', true)
  expect(im.conversations.list('bob')).toHaveLength(0)
  im.sendMessage({ from: 'alice', to: 'bob', body: text('new') }, { syncToSender: false })
  const [conversation] = im.conversations.list('bob')
  expect(conversation?.unread).toBe(1)
  expect(
    im.conversations.history('bob', 'alice', { count: 15, older: true }).messages,
  ).toHaveLength(1)
  expect(
    im.conversations.history('alice', 'bob', { count: 15, older: true }).messages,
  ).toHaveLength(2)
})

test('offline sync returns what was not delivered, in pages, until the client proves it', () => {
  const { im } = model()
  for (let i = 0; i < 130; i++)
    im.sendMessage({ from: 'alice', to: 'bob', body: text(`${i}`) }, { syncToSender: false })
  const session = im.accounts.createSession('bob', Date.now() / 1000 + 60, 'phone', 'sig')
  const owed = im.delivery.undelivered(session.a2Key, 'bob', 'socket-1', 100)
  expect(owed).toHaveLength(101)
  im.delivery.sent(
    session.a2Key,
    'bob',
    'socket-1',
    owed.slice(0, 100).map((m) => m.inboxSeq),
  )
  expect(im.delivery.undelivered(session.a2Key, 'bob', 'socket-1')).toHaveLength(30)
  // Another socket of the session never got the first page: it is owed everything.
  expect(im.delivery.undelivered(session.a2Key, 'bob', 'socket-2')).toHaveLength(130)
  im.delivery.cookiePresented(session.a2Key, 'bob', 100)
  expect(im.delivery.undelivered(session.a2Key, 'bob', 'socket-2')).toHaveLength(30)
  im.delivery.acked(session.a2Key, 'bob', 130)
  expect(im.delivery.undelivered(session.a2Key, 'bob', 'socket-2')).toHaveLength(29)
  im.delivery.cookiePresented(session.a2Key, 'bob', 130)
  expect(im.delivery.undelivered(session.a2Key, 'bob', 'socket-2')).toHaveLength(0)
})
