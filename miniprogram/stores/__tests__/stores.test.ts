import { autorun } from 'mobx-miniprogram'
import type { ConversationView, Credentials } from '../../models/types'
import {
  chatStore,
  contactStore,
  conversationStore,
  draftStore,
  networkStore,
  profileStore,
  resetAllStores,
  sessionStore,
} from '../index'
import { reaction, runInAction } from '../mobx'

function row(id: string, lastTime: number, unread = 0, pinned = false): ConversationView {
  return Object.freeze({
    conversationID: `C2C${id}`,
    peerID: id,
    nick: id,
    avatar: '',
    preview: '',
    lastTime,
    timeText: '',
    unread,
    unreadText: unread > 0 ? String(unread) : '',
    pinned,
  })
}

const credentials: Credentials = {
  token: 't',
  userID: 'alice',
  userSig: 's',
  sdkAppID: 1400000001,
  expireAt: Date.now() + 60_000,
}

beforeEach(() => resetAllStores())

describe('conversationStore', () => {
  test('sorts pinned first then by time, and sums unread', () => {
    runInAction(() =>
      conversationStore.setAll([row('a', 100, 2), row('b', 300, 5), row('c', 50, 1, true)]),
    )
    expect(conversationStore.list.map((c) => c.peerID)).toEqual(['c', 'b', 'a'])
    expect(conversationStore.totalUnread).toBe(8)
  })

  test('markRead replaces the row and the list so bound pages re-render', () => {
    runInAction(() => conversationStore.setAll([row('a', 100, 2)]))
    const before = conversationStore.list
    let runs = 0
    const dispose = autorun(() => {
      runs += conversationStore.totalUnread >= 0 ? 1 : 0
    })
    runInAction(() => conversationStore.markRead('C2Ca'))
    dispose()
    expect(conversationStore.list).not.toBe(before)
    expect(conversationStore.byID('C2Ca')).toMatchObject({ unread: 0, unreadText: '' })
    expect(runs).toBe(2)
  })

  test('refreshTimeTexts keeps rows that did not change', () => {
    const now = new Date(2026, 10, 25, 12).getTime()
    runInAction(() => conversationStore.setAll([row('a', now - 10_000), row('b', 0)]))
    runInAction(() => conversationStore.refreshTimeTexts(now))
    const first = conversationStore.list
    expect(conversationStore.byID('C2Ca')?.timeText).toBe('刚刚')
    runInAction(() => conversationStore.refreshTimeTexts(now))
    expect(conversationStore.list).toBe(first)
  })
})

describe('networkStore', () => {
  test('banner text follows the connection and is empty when connected', () => {
    const texts: string[] = []
    const dispose = autorun(() => texts.push(networkStore.bannerText))
    runInAction(() => networkStore.setConnection('connecting'))
    runInAction(() => networkStore.setConnection('connected'))
    dispose()
    expect(texts[1]).toMatch(/连接中/)
    expect(texts[2]).toBe('')
    expect(texts[0]).not.toBe('')
  })
})

describe('sessionStore', () => {
  test('login, ready, drop out of ready, and a logout that keeps its reason', () => {
    runInAction(() => sessionStore.startLogin(credentials))
    expect(sessionStore.status).toBe('loggingIn')
    runInAction(() => sessionStore.markReady({ userID: 'alice', nick: 'Alice', avatar: '' }))
    expect(sessionStore.isReady).toBe(true)
    // Out of ready (a re-login after a UserSig expiry, a reconnect): the session is still held.
    runInAction(() => sessionStore.markNotReady())
    expect(sessionStore.status).toBe('resuming')
    resetAllStores('您的账号已在其他设备登录，您已被迫下线')
    expect(sessionStore).toMatchObject({ status: 'loggedOut', user: null, credentials: null })
    expect(sessionStore.lastLogoutReason).toMatch(/其他设备/)
  })
})

test('resetAllStores leaves nothing of the previous account behind', () => {
  runInAction(() => {
    sessionStore.startLogin(credentials)
    conversationStore.setAll([row('a', 1, 3)])
    contactStore.setFriends([{ userID: 'bob', nick: 'Bob', avatar: '' }])
    profileStore.setMe({ userID: 'alice', nick: 'Alice', avatar: '', signature: '' })
    networkStore.setConnection('connected')
    chatStore.setActiveConversation('C2Ca')
    draftStore.setDraft('C2Ca', '没写完的话')
  })
  resetAllStores()
  expect(draftStore.drafts).toEqual({})
  expect(conversationStore.list).toEqual([])
  expect(contactStore.friends).toEqual([])
  expect(profileStore.me).toBeNull()
  expect(networkStore.connection).toBe('disconnected')
  expect(chatStore.activeConversationID).toBe('')
  expect(sessionStore.status).toBe('loggedOut')
})

test('contactStore keeps one row per friend in name order', () => {
  runInAction(() =>
    contactStore.setFriends([
      { userID: 'carol', nick: 'Carol', avatar: '' },
      { userID: 'bob', nick: 'Bob', avatar: '' },
      { userID: 'bob', nick: 'Bob', avatar: 'new' },
    ]),
  )
  expect(contactStore.friends.map((f) => [f.userID, f.avatar])).toEqual([
    ['bob', 'new'],
    ['carol', ''],
  ])
})

test('draftStore keeps one draft per conversation; blank text removes it', () => {
  runInAction(() => {
    draftStore.setDraft('C2Cbob', '明天见')
    draftStore.setDraft('C2Ccarol', '  ')
  })
  expect(draftStore.draftOf('C2Cbob')).toBe('明天见')
  expect(draftStore.draftOf('C2Ccarol')).toBe('')
  runInAction(() => draftStore.setDraft('C2Cbob', ''))
  expect(draftStore.drafts).toEqual({})
})

test('draftStore keeps the quote of an unsent text per conversation until it is dropped or the account goes', () => {
  const quote = Object.freeze({ messageID: 'm1', sender: 'bob', abstract: '明天几点？' })
  runInAction(() => draftStore.setQuote('C2Cbob', quote))
  expect(draftStore.quoteOf('C2Cbob')).toBe(quote)
  expect(draftStore.quoteOf('C2Ccarol')).toBeNull()
  runInAction(() => draftStore.setQuote('C2Cbob', null))
  expect(draftStore.quotes).toEqual({})
  runInAction(() => draftStore.setQuote('C2Cbob', quote))
  resetAllStores()
  expect(draftStore.quoteOf('C2Cbob')).toBeNull()
})

test('a peer’s new nickname and avatar reach their contact row and their conversation', () => {
  runInAction(() => {
    contactStore.setFriends([
      { userID: 'bob', nick: 'Bob', avatar: '' },
      { userID: 'carol', nick: 'Carol', avatar: '' },
    ])
    conversationStore.setAll([row('bob', 2, 0), row('carol', 1, 0)])
  })
  const carolBefore = conversationStore.byID('C2Ccarol')
  runInAction(() => {
    contactStore.applyProfiles([{ userID: 'bob', nick: '鲍勃', avatar: 'https://a/b.png' }])
    conversationStore.applyPeerProfiles([
      { userID: 'bob', nick: '鲍勃', avatar: 'https://a/b.png' },
    ])
  })
  expect(contactStore.friends.find((f) => f.userID === 'bob')).toMatchObject({ nick: '鲍勃' })
  expect(conversationStore.byID('C2Cbob')).toMatchObject({
    nick: '鲍勃',
    avatar: 'https://a/b.png',
  })
  expect(conversationStore.byID('C2Ccarol')).toBe(carolBefore)
})

test('one rule for the name shown: my remark, else the nickname, else the user ID, everywhere at once', () => {
  runInAction(() => {
    contactStore.setFriends(
      [
        { userID: 'bob', nick: 'Bob', avatar: '' },
        { userID: 'carol', nick: '', avatar: '' },
      ],
      { bob: '老同学' },
    )
    conversationStore.setAll([row('bob', 2, 0), row('carol', 1, 0), row('dave', 0, 0)])
  })
  const names = () => conversationStore.rows.map((r) => [r.peerID, r.name])
  expect(contactStore.friends.map((f) => [f.userID, f.remark, f.name])).toEqual([
    ['carol', '', 'carol'],
    ['bob', '老同学', '老同学'],
  ])
  expect(contactStore.nameOf({ userID: 'bob', nick: 'Bob' })).toBe('老同学')
  expect(contactStore.nameOf({ userID: 'dave', nick: 'Dave' })).toBe('Dave')
  expect(contactStore.nameOf({ userID: 'erin' })).toBe('erin')
  // A conversation that only knows the user ID as the nickname: the contact list's nickname wins.
  runInAction(() => contactStore.setRemark('bob', ''))
  expect(contactStore.nameOf({ userID: 'bob', nick: 'bob' })).toBe('Bob')
  runInAction(() => contactStore.setRemark('bob', '老同学'))
  expect(names()).toEqual([
    ['bob', '老同学'],
    ['carol', 'carol'],
    ['dave', 'dave'],
  ])

  runInAction(() => contactStore.setRemark('bob', ''))
  expect(contactStore.friends.find((f) => f.userID === 'bob')).toMatchObject({
    remark: '',
    name: 'Bob',
  })
  // The nickname is back: the row helper's nick is only the user ID, so the contact list's 'Bob'.
  expect(names()[0]).toEqual(['bob', 'Bob'])
  runInAction(() => contactStore.applyProfiles([{ userID: 'carol', nick: 'Carol', avatar: '' }]))
  expect(contactStore.remarkOf('bob')).toBe('')
  runInAction(() => contactStore.setRemark('carol', 'C 姐'))
  expect(contactStore.friends.map((f) => f.name)).toEqual(['Bob', 'C 姐'])
  expect(conversationStore.rows.find((r) => r.peerID === 'carol')?.name).toBe('C 姐')
})

test('conversation rows keep their identity when a contacts reload renames nobody', () => {
  runInAction(() => {
    contactStore.setFriends([{ userID: 'bob', nick: 'Bob', avatar: '' }], { bob: '老同学' })
    conversationStore.setAll([row('bob', 2, 0), row('carol', 1, 0)])
  })
  const seen: unknown[] = []
  const stop = reaction(
    () => conversationStore.rows,
    (rows) => seen.push(rows),
  )
  runInAction(() =>
    contactStore.setFriends([{ userID: 'bob', nick: 'Bob', avatar: 'https://a/b.png' }]),
  )
  expect(seen).toHaveLength(0)
  runInAction(() => contactStore.setRemark('bob', '室友'))
  expect(seen).toHaveLength(1)
  expect(conversationStore.rows[0]?.name).toBe('室友')
  stop()
})
