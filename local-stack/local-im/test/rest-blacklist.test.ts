/** The REST blacklist APIs: Tencent's bodies, per-item ResultCodes, paging, checks and limits. */
import type { LocalIm } from '../src/index'
import { restCall } from '../testing'
import { startTestIm } from './helpers'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await restCall(im, 'im_open_login_svc/multiaccount_import', {
    Accounts: ['alice', 'bob', 'carol', 'dave'],
  })
})

afterEach(async () => {
  await im.close()
})

const call = (api: string, body: unknown) => restCall(im, `sns/${api}`, body)

test('black_list_add answers one ResultItem per ID and lists failures in Fail_Account', async () => {
  const first = await call('black_list_add', {
    From_Account: 'alice',
    To_Account: ['bob', 'carol'],
  })
  expect(first).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 })
  expect(first.ResultItem).toEqual([
    { To_Account: 'bob', ResultCode: 0, ResultInfo: '' },
    { To_Account: 'carol', ResultCode: 0, ResultInfo: '' },
  ])
  expect(first).not.toHaveProperty('Fail_Account')
  const second = await call('black_list_add', {
    From_Account: 'alice',
    To_Account: ['bob', 'ghost', 'alice', 'dave'],
  })
  expect((second.ResultItem as { ResultCode: number }[]).map((r) => r.ResultCode)).toEqual([
    31307, 30003, 30001, 0,
  ])
  expect(second.Fail_Account).toEqual(['bob', 'ghost', 'alice'])
})

test('black_list_get pages with StartIndex and MaxLimited; the sequence grows with each change', async () => {
  await call('black_list_add', { From_Account: 'alice', To_Account: ['bob'] })
  await call('black_list_add', { From_Account: 'alice', To_Account: ['carol', 'dave'] })
  const page1 = await call('black_list_get', {
    From_Account: 'alice',
    StartIndex: 0,
    MaxLimited: 2,
    LastSequence: 0,
  })
  const items = page1.BlackListItem as { To_Account: string; AddBlackTimeStamp: number }[]
  expect(items.map((i) => i.To_Account)).toEqual(['bob', 'carol'])
  expect(items.every((i) => Math.abs(i.AddBlackTimeStamp - Date.now() / 1000) < 60)).toBe(true)
  expect(page1).toMatchObject({ StartIndex: 2, CurruentSequence: 2 })
  const page2 = await call('black_list_get', {
    From_Account: 'alice',
    StartIndex: 2,
    MaxLimited: 2,
    LastSequence: 2,
  })
  expect(page2).toMatchObject({ BlackListItem: [{ To_Account: 'dave' }], StartIndex: 0 })
  const deleted = await call('black_list_delete', { From_Account: 'alice', To_Account: ['carol'] })
  expect(deleted.ResultItem).toEqual([{ To_Account: 'carol', ResultCode: 0, ResultInfo: '' }])
  const after = await call('black_list_get', {
    From_Account: 'alice',
    StartIndex: 0,
    MaxLimited: 100,
    LastSequence: 0,
  })
  expect(after).toMatchObject({
    BlackListItem: [{ To_Account: 'bob' }, { To_Account: 'dave' }],
    StartIndex: 0,
    CurruentSequence: 3,
  })
})

test('black_list_check reports each direction, for both ways or one', async () => {
  await call('black_list_add', { From_Account: 'alice', To_Account: ['bob', 'carol'] })
  await call('black_list_add', { From_Account: 'bob', To_Account: ['alice'] })
  await call('black_list_add', { From_Account: 'dave', To_Account: ['alice'] })
  const both = await call('black_list_check', {
    From_Account: 'alice',
    To_Account: ['bob', 'carol', 'dave', 'ghost'],
    CheckType: 'BlackCheckResult_Type_Both',
  })
  expect(both.BlackListCheckItem).toEqual([
    { To_Account: 'bob', Relation: 'BlackCheckResult_Type_BothWay', ResultCode: 0, ResultInfo: '' },
    {
      To_Account: 'carol',
      Relation: 'BlackCheckResult_Type_AWithB',
      ResultCode: 0,
      ResultInfo: '',
    },
    { To_Account: 'dave', Relation: 'BlackCheckResult_Type_BWithA', ResultCode: 0, ResultInfo: '' },
    {
      To_Account: 'ghost',
      Relation: 'BlackCheckResult_Type_NO',
      ResultCode: 30003,
      ResultInfo: 'account not imported',
    },
  ])
  expect(both.Fail_Account).toEqual(['ghost'])
  const single = await call('black_list_check', {
    From_Account: 'alice',
    To_Account: ['bob', 'dave'],
    CheckType: 'BlackCheckResult_Type_Single',
  })
  expect((single.BlackListCheckItem as { Relation: string }[]).map((i) => i.Relation)).toEqual([
    'BlackCheckResult_Type_AWithB',
    'BlackCheckResult_Type_NO',
  ])
})

test('blocking ends a friendship both ways and a blacklist stops adding friends either way', async () => {
  await restCall(im, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'bob' }],
    AddType: 'Add_Type_Both',
    ForceAddFlags: 1,
  })
  await call('black_list_add', { From_Account: 'alice', To_Account: ['bob'] })
  const check = await restCall(im, 'sns/friend_check', {
    From_Account: 'alice',
    To_Account: ['bob'],
    CheckType: 'CheckResult_Type_Both',
  })
  expect(check.InfoItem).toMatchObject([{ Relation: 'CheckResult_Type_NoRelation' }])
  const add = (from: string, to: string) =>
    restCall(im, 'sns/friend_add', {
      From_Account: from,
      AddFriendItem: [{ To_Account: to }],
      AddType: 'Add_Type_Both',
      ForceAddFlags: 1,
    })
  expect(((await add('alice', 'bob')).ResultItem as { ResultCode: number }[])[0]?.ResultCode).toBe(
    30515,
  )
  expect(((await add('bob', 'alice')).ResultItem as { ResultCode: number }[])[0]?.ResultCode).toBe(
    30525,
  )
})

test('bad requests are refused with 30001/30003 and change nothing', async () => {
  const tooMany = Array.from({ length: 1001 }, (_, i) => `u${i}`)
  const bad: [string, Record<string, unknown>, number][] = [
    ['black_list_add', { To_Account: ['bob'] }, 30001],
    ['black_list_add', { From_Account: 'ghost', To_Account: ['bob'] }, 30003],
    ['black_list_add', { From_Account: 'alice', To_Account: 'bob' }, 30001],
    ['black_list_add', { From_Account: 'alice', To_Account: [] }, 30001],
    ['black_list_add', { From_Account: 'alice', To_Account: [1] }, 30001],
    ['black_list_add', { From_Account: 'alice', To_Account: tooMany }, 30001],
    ['black_list_delete', { From_Account: 'alice' }, 30001],
    [
      'black_list_get',
      { From_Account: 'alice', StartIndex: 0, MaxLimited: 0, LastSequence: 0 },
      30001,
    ],
    [
      'black_list_get',
      { From_Account: 'alice', StartIndex: -1, MaxLimited: 9, LastSequence: 0 },
      30001,
    ],
    ['black_list_get', { From_Account: 'alice', MaxLimited: 9, LastSequence: 0 }, 30001],
    ['black_list_check', { From_Account: 'alice', To_Account: ['bob'] }, 30001],
    ['black_list_check', { From_Account: 'alice', To_Account: ['bob'], CheckType: 'x' }, 30001],
  ]
  for (const [api, body, code] of bad) {
    expect({ api, body, reply: await call(api, body) }).toMatchObject({
      reply: { ActionStatus: 'FAIL', ErrorCode: code },
    })
  }
  const list = await call('black_list_get', {
    From_Account: 'alice',
    StartIndex: 0,
    MaxLimited: 10,
    LastSequence: 0,
  })
  expect(list).toMatchObject({ BlackListItem: [], CurruentSequence: 0 })
})

test('a blacklist holds at most 1,000 users (30013 beyond)', async () => {
  const ids = Array.from({ length: 1001 }, (_, i) => `user${i}`)
  for (let i = 0; i < ids.length; i += 100) {
    await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ids.slice(i, i + 100) })
  }
  const full = await call('black_list_add', {
    From_Account: 'alice',
    To_Account: ids.slice(0, 1000),
  })
  expect(full).not.toHaveProperty('Fail_Account')
  const over = await call('black_list_add', { From_Account: 'alice', To_Account: [ids[1000]] })
  expect(over.ResultItem).toMatchObject([{ ResultCode: 30013 }])
})
