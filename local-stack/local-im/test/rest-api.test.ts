import type { LocalIm } from '../src/index'
import { genUserSig, verifyUserSig } from '../src/usersig'
import { restCall } from '../testing'
import { SDK_APP_ID, SECRET_KEY, startTestIm } from './helpers'

let im: LocalIm

afterEach(async () => {
  await im?.close()
})

async function rawRest(api: string, query: Record<string, string>, body: string) {
  const response = await fetch(`${im.httpUrl}/v4/${api}?${new URLSearchParams(query)}`, {
    method: 'POST',
    body,
  })
  return (await response.json()) as Record<string, unknown>
}

const adminQuery = () => ({
  sdkappid: String(SDK_APP_ID),
  identifier: 'administrator',
  usersig: genUserSig(SDK_APP_ID, SECRET_KEY, 'administrator', 3600),
  random: '1',
  contenttype: 'json',
})

test('UserSig v2 round-trips and rejects tampering, expiry and mismatches', () => {
  const sig = genUserSig(SDK_APP_ID, SECRET_KEY, 'alice', 60)
  expect(
    verifyUserSig(sig, { sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY, userID: 'alice' }).ok,
  ).toBe(true)
  const check = (
    s: string,
    over: Partial<{ sdkAppID: number; secretKey: string; userID: string; nowSeconds: number }> = {},
  ) => verifyUserSig(s, { sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY, userID: 'alice', ...over })
  expect(check(sig, { secretKey: 'other' })).toMatchObject({ ok: false, code: 70003 })
  expect(check(sig, { userID: 'bob' })).toMatchObject({ ok: false, code: 70013 })
  expect(check(sig, { sdkAppID: 1 })).toMatchObject({ ok: false, code: 70014 })
  expect(check(sig, { nowSeconds: Math.floor(Date.now() / 1000) + 61 })).toMatchObject({
    ok: false,
    code: 70001,
  })
  expect(check('')).toMatchObject({ ok: false, code: 70002 })
  expect(check('not*a-sig_')).toMatchObject({ ok: false, code: 70003 })
})

test('accounts: idempotent import, batch import, check, delete', async () => {
  im = await startTestIm()
  for (let i = 0; i < 2; i++) {
    expect(
      await restCall(im, 'im_open_login_svc/account_import', { UserID: 'alice', Nick: 'A' }),
    ).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
    })
  }
  const batch = await restCall(im, 'im_open_login_svc/multiaccount_import', {
    Accounts: ['bob', 'carol', ''],
  })
  expect(batch).toMatchObject({ ActionStatus: 'OK', FailAccounts: [''] })
  const check = await restCall(im, 'im_open_login_svc/account_check', {
    CheckItem: [{ UserID: 'alice' }, { UserID: 'zed' }],
  })
  expect(check.ResultItem).toEqual([
    { UserID: 'alice', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
    { UserID: 'zed', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
  ])
  const profile = await restCall(im, 'profile/portrait_get', {
    To_Account: ['alice'],
    TagList: ['Tag_Profile_IM_Nick'],
  })
  expect(profile.UserProfileItem).toEqual([
    {
      To_Account: 'alice',
      ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'A' }],
      ResultCode: 0,
      ResultInfo: '',
    },
  ])
  const deleted = await restCall(im, 'im_open_login_svc/account_delete', {
    DeleteItem: [{ UserID: 'carol' }, { UserID: 'zed' }],
  })
  expect((deleted.ResultItem as { ResultCode: number }[]).map((r) => r.ResultCode)).toEqual([
    0, 70107,
  ])
  const online = await restCall(im, 'openim/query_online_status', {
    To_Account: ['alice', 'carol'],
  })
  expect(online).toMatchObject({
    QueryResult: [{ To_Account: 'alice', Status: 'Offline' }],
    ErrorList: [{ To_Account: 'carol', ErrorCode: 70107 }],
  })
})

test('friends over REST: single and both ways, check, get, delete', async () => {
  im = await startTestIm()
  await restCall(im, 'im_open_login_svc/multiaccount_import', {
    Accounts: ['alice', 'bob', 'carol'],
  })
  const add = await restCall(im, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [
      { To_Account: 'bob', AddSource: 'AddSource_Type_Server' },
      { To_Account: 'ghost' },
    ],
    AddType: 'Add_Type_Both',
    ForceAddFlags: 1,
  })
  expect(add.ResultItem).toEqual([
    { To_Account: 'bob', ResultCode: 0, ResultInfo: '' },
    { To_Account: 'ghost', ResultCode: 70107, ResultInfo: 'not added' },
  ])
  await restCall(im, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'carol' }],
    AddType: 'Add_Type_Single',
    ForceAddFlags: 1,
  })
  const check = await restCall(im, 'sns/friend_check', {
    From_Account: 'alice',
    To_Account: ['bob', 'carol'],
    CheckType: 'CheckResult_Type_Both',
  })
  expect((check.InfoItem as { Relation: string }[]).map((i) => i.Relation)).toEqual([
    'CheckResult_Type_BothWay',
    'CheckResult_Type_AWithB',
  ])
  const list = await restCall(im, 'sns/friend_get', { From_Account: 'alice', StartIndex: 0 })
  expect((list.UserDataItem as { To_Account: string }[]).map((i) => i.To_Account)).toEqual([
    'bob',
    'carol',
  ])
  await restCall(im, 'sns/friend_delete', {
    From_Account: 'alice',
    To_Account: ['bob'],
    DeleteType: 'Delete_Type_Both',
  })
  const after = await restCall(im, 'sns/friend_get', { From_Account: 'bob', StartIndex: 0 })
  expect(after.FriendNum).toBe(0)
  // Tencent's codes: already friends 30015, deleting a non-friend 31707.
  const again = await restCall(im, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'carol' }],
    ForceAddFlags: 1,
  })
  expect(again.ResultItem).toEqual([
    { To_Account: 'carol', ResultCode: 30015, ResultInfo: 'not added' },
  ])
  const deleteAgain = await restCall(im, 'sns/friend_delete', {
    From_Account: 'alice',
    To_Account: ['bob'],
    DeleteType: 'Delete_Type_Single',
  })
  expect(deleteAgain.ResultItem).toEqual([{ To_Account: 'bob', ResultCode: 31707, ResultInfo: '' }])
})

test('bad requests get Tencent error codes and never crash the server', async () => {
  im = await startTestIm()
  expect(
    await rawRest('im_open_login_svc/account_import', adminQuery(), '{not json'),
  ).toMatchObject({
    ErrorCode: 60002,
  })
  expect(
    await rawRest('im_open_login_svc/account_import', { ...adminQuery(), sdkappid: '1' }, '{}'),
  ).toMatchObject({
    ErrorCode: 60006,
  })
  expect(
    await rawRest(
      'im_open_login_svc/account_import',
      { ...adminQuery(), usersig: 'garbage' },
      '{}',
    ),
  ).toMatchObject({ ErrorCode: 70003 })
  const userSig = genUserSig(SDK_APP_ID, SECRET_KEY, 'alice', 3600)
  expect(
    await rawRest(
      'im_open_login_svc/account_import',
      { ...adminQuery(), identifier: 'alice', usersig: userSig },
      '{}',
    ),
  ).toMatchObject({ ErrorCode: 60010 })
  expect(await rawRest('nope/nothing', adminQuery(), '{}')).toMatchObject({ ErrorCode: 60003 })
  expect(
    await rawRest('openim/sendmsg', adminQuery(), '{"To_Account":"ghost","MsgBody":[]}'),
  ).toMatchObject({
    ActionStatus: 'FAIL',
  })
  expect(
    await rawRest('im_open_login_svc/account_import', adminQuery(), 'x'.repeat(1024 * 1024 + 10)),
  ).toMatchObject({
    ErrorCode: 60002,
  })
  expect(
    await restCall(im, 'im_open_login_svc/account_import', { UserID: 'still-alive' }),
  ).toMatchObject({
    ErrorCode: 0,
  })
})

test('each REST API is limited per second and answers 60007 beyond it', async () => {
  im = await startTestIm({ restRateLimitPerSecond: 5 })
  const replies = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      restCall(im, 'im_open_login_svc/account_import', { UserID: `u${i}` }),
    ),
  )
  const limited = replies.filter((r) => r.ErrorCode === 60007).length
  expect(limited).toBeGreaterThan(0)
  expect(replies.filter((r) => r.ErrorCode === 0).length).toBeLessThanOrEqual(10)
})

test('admin withdraw and roaming history over REST', async () => {
  im = await startTestIm()
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  const keys: string[] = []
  for (let i = 0; i < 5; i++) {
    const reply = await restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgRandom: 1000 + i,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `t${i}` } }],
    })
    keys.push(String(reply.MsgKey))
  }
  const withdraw = await restCall(im, 'openim/admin_msgwithdraw', {
    From_Account: 'alice',
    To_Account: 'bob',
    MsgKey: keys[2],
  })
  expect(withdraw.ErrorCode).toBe(0)
  const page = await restCall(im, 'openim/admin_getroammsg', {
    Operator_Account: 'bob',
    Peer_Account: 'alice',
    MaxCnt: 3,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 10,
  })
  expect(page.Complete).toBe(0)
  const texts = (
    page.MsgList as { MsgBody: { MsgContent: { Text: string } }[]; MsgFlagBits: number }[]
  ).map((m) => `${m.MsgBody[0]?.MsgContent.Text}:${m.MsgFlagBits}`)
  expect(texts).toEqual(['t2:8', 't3:0', 't4:0'])
  const rest = await restCall(im, 'openim/admin_getroammsg', {
    Operator_Account: 'bob',
    Peer_Account: 'alice',
    MaxCnt: 3,
    MinTime: 0,
    MaxTime: page.LastMsgTime,
    LastMsgKey: page.LastMsgKey,
  })
  expect(rest).toMatchObject({ Complete: 1, MsgCnt: 2 })
})
