/**
 * Unsent drafts and their quotes kept on the phone per account: written when they change, put back at the next
 * launch, never over a draft the user has already written, ignored when broken, and gone with the session.
 */
import type { Credentials } from '../../models/types'
import { draftStore, resetAllStores } from '../../stores/index'
import { runInAction } from '../../stores/mobx'
import { draftCache } from '../draft-cache'

const account: Credentials = Object.freeze({
  token: 't',
  userID: 'alice',
  userSig: 's',
  sdkAppID: 1400000123,
  expireAt: Date.now() + 3_600_000,
})
const KEY = 'tim-c2c:drafts:1400000123:alice'
const quote = Object.freeze({ messageID: 'msg-1', sender: 'bob', abstract: '明天几点？' })

afterEach(() => {
  draftCache.forget(account)
  resetAllStores()
})

test('a draft and its quote are kept as soon as they change and come back at the next launch', () => {
  draftCache.watch(account)
  runInAction(() => {
    draftStore.setDraft('C2Cbob', '九点在')
    draftStore.setQuote('C2Cbob', quote)
    draftStore.setDraft('C2Ccarol', '好的')
  })
  expect(wx.getStorageSync(KEY)).not.toBe('')
  draftCache.stop()

  resetAllStores()
  draftCache.restore(account)
  expect(draftStore.draftOf('C2Cbob')).toBe('九点在')
  expect(draftStore.quoteOf('C2Cbob')).toEqual(quote)
  expect(Object.isFrozen(draftStore.quoteOf('C2Cbob'))).toBe(true)
  expect(draftStore.draftOf('C2Ccarol')).toBe('好的')
})

test('a draft sent or cleared is not brought back', () => {
  draftCache.watch(account)
  runInAction(() => draftStore.setDraft('C2Cbob', '九点在'))
  runInAction(() => draftStore.setDraft('C2Cbob', ''))
  draftCache.stop()
  resetAllStores()
  draftCache.restore(account)
  expect(draftStore.drafts).toEqual({})
})

test('drafts the user already wrote win; a broken entry restores nothing', () => {
  runInAction(() => draftStore.setDraft('C2Cbob', '刚写的'))
  wx.setStorageSync(KEY, JSON.stringify({ drafts: { C2Cbob: '旧的' }, quotes: {} }))
  draftCache.restore(account)
  expect(draftStore.draftOf('C2Cbob')).toBe('刚写的')

  resetAllStores()
  for (const broken of [
    '{not json',
    JSON.stringify({ drafts: { C2Cbob: 3 }, quotes: {} }),
    JSON.stringify({ drafts: {}, quotes: { C2Cbob: { messageID: 1 } } }),
    JSON.stringify(['C2Cbob']),
  ]) {
    wx.setStorageSync(KEY, broken)
    draftCache.restore(account)
    expect(draftStore.drafts).toEqual({})
    expect(draftStore.quotes).toEqual({})
  }
})

test('the session ending takes the drafts with it, and another account never sees them', () => {
  draftCache.watch(account)
  runInAction(() => draftStore.setDraft('C2Cbob', '九点在'))
  resetAllStores()
  draftCache.restore({ ...account, userID: 'bob' })
  expect(draftStore.drafts).toEqual({})

  draftCache.forget(account)
  expect(wx.getStorageSync(KEY)).toBe('')
  draftCache.restore(account)
  expect(draftStore.drafts).toEqual({})
})
