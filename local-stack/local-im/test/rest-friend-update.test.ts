/**
 * sns/friend_update (备注): over REST, Tencent's body and ResultItems, the remark in friend_get and
 * in the friendship SDK's friend_get_specified, clearing it, the 96-byte limit, a non-friend, bad
 * bodies (refused, nothing stored) and the remark kept across a SIGKILL + restart with --data; from
 * the friendship SDK, updateFriend stores it the same way.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalIm } from '../src/index'
import {
  createSdkUser,
  destroyAllSdkUsers,
  killAllImProcesses,
  restCall,
  startImProcess,
} from '../testing'
import { startTestIm } from './helpers'

let im: LocalIm | undefined

afterEach(async () => {
  await destroyAllSdkUsers()
  await im?.close()
  im = undefined
  await killAllImProcesses()
})

type Rest = Parameters<typeof restCall>[0]

async function befriend(server: Rest): Promise<void> {
  await restCall(server, 'im_open_login_svc/multiaccount_import', {
    Accounts: ['alice', 'bob', 'carol'],
  })
  const added = await restCall(server, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'bob', AddSource: 'AddSource_Type_Test' }],
    AddType: 'Add_Type_Both',
    ForceAddFlags: 1,
  })
  expect(added.ErrorCode).toBe(0)
}

const setRemark = (server: Rest, to: string, value: unknown, from = 'alice') =>
  restCall(server, 'sns/friend_update', {
    From_Account: from,
    UpdateItem: [{ To_Account: to, SnsItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: value }] }],
  })

/** alice's remark on `friend` as REST friend_get reports it. */
async function remarkOf(server: Rest, friend: string, owner = 'alice'): Promise<unknown> {
  const reply = await restCall(server, 'sns/friend_get', { From_Account: owner, StartIndex: 0 })
  const items = reply.UserDataItem as {
    To_Account: string
    ValueItem: { Tag: string; Value: unknown }[]
  }[]
  const item = items.find((candidate) => candidate.To_Account === friend)
  return item?.ValueItem.find((value) => value.Tag === 'Tag_SNS_IM_Remark')?.Value
}

test('friend_update sets a remark that friend_get and the SDK report; an empty value clears it', async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await befriend(im)
  const reply = await setRemark(im, 'bob', '老同学 Bob')
  expect(reply).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 })
  expect(reply.ResultItem).toEqual([{ To_Account: 'bob', ResultCode: 0, ResultInfo: '' }])
  expect(reply).not.toHaveProperty('Fail_Account')
  expect(await remarkOf(im, 'bob')).toBe('老同学 Bob')
  // Only alice's side carries it.
  expect(await remarkOf(im, 'alice', 'bob')).toBe('')

  const alice = await createSdkUser({
    localIm: im,
    userID: 'alice',
    build: 'friendship',
    importAccount: false,
  })
  const profile = await alice.tim.getFriendProfile({ userIDList: ['bob'] })
  expect((profile.data as { friendList: { remark: string }[] }).friendList[0]?.remark).toBe(
    '老同学 Bob',
  )

  expect((await setRemark(im, 'bob', '')).ErrorCode).toBe(0)
  expect(await remarkOf(im, 'bob')).toBe('')
})

test('a remark of 96 bytes is kept; 97 bytes is refused with 30001 and nothing changes', async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await befriend(im)
  const exactly96 = '备'.repeat(32) // 3 bytes each in UTF-8
  expect((await setRemark(im, 'bob', exactly96)).ErrorCode).toBe(0)
  const tooLong = await setRemark(im, 'bob', `${exactly96}x`)
  expect(tooLong).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 30001 })
  expect(await remarkOf(im, 'bob')).toBe(exactly96)
})

test('a non-friend item fails with 30001 in ResultItem and Fail_Account; the other items apply', async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await befriend(im)
  const reply = await restCall(im, 'sns/friend_update', {
    From_Account: 'alice',
    UpdateItem: [
      { To_Account: 'carol', SnsItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: 'not a friend' }] },
      { To_Account: 'bob', SnsItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: 'B' }] },
    ],
  })
  expect(reply).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, Fail_Account: ['carol'] })
  expect((reply.ResultItem as { ResultCode: number }[]).map((r) => r.ResultCode)).toEqual([
    30001, 0,
  ])
  expect(await remarkOf(im, 'bob')).toBe('B')
  expect(await remarkOf(im, 'carol')).toBeUndefined()
})

test('bad bodies are refused as a whole and store nothing', async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await befriend(im)
  await setRemark(im, 'bob', 'kept')
  const good = { To_Account: 'bob', SnsItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: 'changed' }] }
  const bodies: [unknown, number][] = [
    [{ UpdateItem: [good] }, 30001],
    [{ From_Account: 7, UpdateItem: [good] }, 30001],
    [{ From_Account: 'alice' }, 30001],
    [{ From_Account: 'alice', UpdateItem: [] }, 30001],
    [{ From_Account: 'alice', UpdateItem: good }, 30001],
    [{ From_Account: 'alice', UpdateItem: [good, 'bob'] }, 30001],
    [{ From_Account: 'alice', UpdateItem: [good, { To_Account: 'bob' }] }, 30001],
    [{ From_Account: 'alice', UpdateItem: [good, { To_Account: 'bob', SnsItem: [] }] }, 30001],
    [{ From_Account: 'alice', UpdateItem: [good, { SnsItem: good.SnsItem }] }, 30001],
    [
      {
        From_Account: 'alice',
        UpdateItem: [
          good,
          { To_Account: 'bob', SnsItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: 5 }] },
        ],
      },
      30001,
    ],
    [
      {
        From_Account: 'alice',
        UpdateItem: [
          good,
          { To_Account: 'bob', SnsItem: [{ Tag: 'Tag_SNS_Custom_Type', Value: 'x' }] },
        ],
      },
      30001,
    ],
    [
      {
        From_Account: 'alice',
        UpdateItem: [good, { To_Account: 'bob', SnsItem: [{ Value: 'x' }] }],
      },
      30001,
    ],
    [{ From_Account: 'ghost', UpdateItem: [good] }, 30003],
  ]
  for (const [body, code] of bodies) {
    const reply = await restCall(im, 'sns/friend_update', body)
    expect({
      body,
      reply: { ActionStatus: reply.ActionStatus, ErrorCode: reply.ErrorCode },
    }).toEqual({
      body,
      reply: { ActionStatus: 'FAIL', ErrorCode: code },
    })
  }
  expect(await remarkOf(im, 'bob')).toBe('kept')
})

test('a remark survives a SIGKILL right after the answer and a restart with --data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-remark-'))
  const first = await startImProcess({ dataDir })
  await befriend(first)
  expect((await setRemark(first, 'bob', '持久的备注')).ErrorCode).toBe(0)
  await first.kill()

  const second = await startImProcess({ dataDir })
  expect(await remarkOf(second, 'bob')).toBe('持久的备注')
})

test('the friendship SDK’s updateFriend sets the remark through sns.friend_update', async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await befriend(im)
  const alice = await createSdkUser({
    localIm: im,
    userID: 'alice',
    build: 'friendship',
    importAccount: false,
  })
  await alice.waitFor(() =>
    alice.events.some((event) => event.name === alice.TIM.EVENT.FRIEND_LIST_UPDATED),
  )
  const updated = await alice.tim.updateFriend({ userID: 'bob', remark: '手机上改的' })
  expect((updated.data as { remark: string }).remark).toBe('手机上改的')
  expect(await remarkOf(im, 'bob')).toBe('手机上改的')
  // 97 bytes: the IM refuses it and keeps the old remark.
  await expect(
    alice.tim.updateFriend({ userID: 'bob', remark: `${'备'.repeat(32)}x` }),
  ).rejects.toMatchObject({ code: 30001 })
  expect(await remarkOf(im, 'bob')).toBe('手机上改的')
  await alice.waitForIdle()
})
