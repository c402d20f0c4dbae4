import fc from 'fast-check'
import type { ChatChange, MessageView } from '../../models/types'
import { chatStore } from '../chat'
import { runInAction } from '../mobx'

function view(id: string, time: number, overrides: Partial<MessageView> = {}): MessageView {
  return Object.freeze({
    id,
    conversationID: 'C2Cbob',
    flow: 'in',
    from: 'bob',
    type: 'text',
    text: id,
    time,
    status: 'sent',
    isRead: false,
    isRevoked: false,
    revocable: false,
    ...overrides,
  })
}

const upsert = (messages: MessageView[]) =>
  runInAction(() => chatStore.upsertMessages('C2Cbob', messages))

// The store is a singleton: every listener a test adds is removed after it.
const unsubscribes: Array<() => void> = []
function listen(listener: (change: ChatChange) => unknown): void {
  unsubscribes.push(chatStore.onChange('C2Cbob', listener))
}

beforeEach(() => runInAction(() => chatStore.reset()))
afterEach(() => {
  for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
})

test('a message that arrives twice shows once, and the array is replaced, not mutated', () => {
  upsert([view('m1', 1000)])
  const before = chatStore.messagesOf('C2Cbob')
  upsert([view('m1', 1000)])
  upsert([view('m1', 1000, { text: 'edited' })])
  const after = chatStore.messagesOf('C2Cbob')
  expect(after.map((message) => message.id)).toEqual(['m1'])
  expect(after[0]?.text).toBe('edited')
  expect(after).not.toBe(before)
  expect(before[0]?.text).toBe('m1')
  expect(Object.isFrozen(after)).toBe(true)
})

test('the change feed reports appends, updates and removals with their index', () => {
  const changes: ChatChange[] = []
  const unsubscribe = chatStore.onChange('C2Cbob', (change) => changes.push(change))
  unsubscribes.push(unsubscribe)
  upsert([view('m1', 1000), view('m2', 2000)])
  upsert([view('m2', 2000, { status: 'failed' })])
  upsert([view('m3', 3000)])
  runInAction(() => chatStore.removeMessage('C2Cbob', 'm1'))
  unsubscribe()
  upsert([view('m4', 4000)])
  expect(
    changes.map(({ kind, index, messages }) => [kind, index, messages.map((m) => m.id)]),
  ).toEqual([
    ['append', 0, ['m1', 'm2']],
    ['update', 1, ['m2']],
    ['append', 2, ['m3']],
    ['remove', 0, ['m1']],
  ])
})

test('history pages go in front, skip known messages and move the cursor', () => {
  upsert([view('m3', 3000)])
  const changes: ChatChange[] = []
  listen((change) => changes.push(change))
  runInAction(() =>
    chatStore.prependHistory(
      'C2Cbob',
      [view('m1', 1000), view('m2', 2000), view('m3', 3000)],
      'm1',
      false,
    ),
  )
  runInAction(() => chatStore.prependHistory('C2Cbob', [view('m0', 500)], '', true))
  expect(chatStore.messagesOf('C2Cbob').map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3'])
  expect(chatStore.stateOf('C2Cbob')).toMatchObject({ nextReqMessageID: '', isCompleted: true })
  expect(changes.map((change) => [change.kind, change.messages.length])).toEqual([
    ['prepend', 2],
    ['prepend', 1],
  ])
})

test('a late message older than the newest is placed in time order and reported as a reset', () => {
  upsert([view('m1', 1000), view('m3', 3000)])
  const changes: ChatChange[] = []
  listen((change) => changes.push(change))
  upsert([view('m2', 2000)])
  expect(chatStore.messagesOf('C2Cbob').map((m) => m.id)).toEqual(['m1', 'm2', 'm3'])
  expect(changes).toHaveLength(1)
  expect(changes[0]?.kind).toBe('reset')
})

test('a throwing listener does not stop the store or the other listeners', () => {
  const seen: string[] = []
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  listen(() => {
    throw new Error('page bug')
  })
  listen((change) => seen.push(change.kind))
  upsert([view('m1', 1000)])
  expect(seen).toEqual(['append'])
  expect(chatStore.messagesOf('C2Cbob')).toHaveLength(1)
  expect(errors).toHaveBeenCalled()
  errors.mockRestore()
})

test('any delivery order and duplication ends as one time-ordered copy of each message', () => {
  const messageArb = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    time: fc.integer({ min: 1, max: 20 }),
  })
  fc.assert(
    fc.property(fc.array(fc.array(messageArb, { maxLength: 4 }), { maxLength: 8 }), (batches) => {
      runInAction(() => chatStore.reset())
      // One message ID always carries one time (as with real messages); later copies update it.
      const timeOf = new Map<string, number>()
      for (const batch of batches) {
        upsert(
          batch.map(({ id, time }) => {
            if (!timeOf.has(id)) timeOf.set(id, time)
            return view(id, timeOf.get(id) as number)
          }),
        )
      }
      const ids = chatStore.messagesOf('C2Cbob').map((m) => m.id)
      const times = chatStore.messagesOf('C2Cbob').map((m) => m.time)
      expect(new Set(ids).size).toBe(ids.length)
      expect(new Set(ids)).toEqual(new Set(timeOf.keys()))
      expect([...times].sort((x, y) => x - y)).toEqual(times)
    }),
  )
})

test('reset empties every conversation and tells open pages', () => {
  upsert([view('m1', 1000)])
  const kinds: string[] = []
  listen((change) => kinds.push(change.kind))
  runInAction(() => chatStore.reset())
  expect(chatStore.messagesOf('C2Cbob')).toEqual([])
  expect(kinds).toEqual(['reset'])
})
