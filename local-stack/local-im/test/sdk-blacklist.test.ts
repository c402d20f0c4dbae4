/**
 * The blacklist (拉黑) with the real SDK: addToBlacklist / getBlacklist / removeFromBlacklist,
 * BLACKLIST_UPDATED on every session, friendship ended, a blocked sender's message refused with
 * 20007 and kept nowhere, and the list kept across a restart with --data.
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
  type SdkUser,
} from '../testing'
import { startTestIm, textOf } from './helpers'

let im: LocalIm | undefined

afterEach(async () => {
  await destroyAllSdkUsers()
  await im?.close()
  im = undefined
  await killAllImProcesses()
})

type Msg = { payload: { text?: string }; from: string }

const texts = (user: SdkUser) =>
  user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => (e.data as Msg[]).map(textOf))

const send = (from: SdkUser, to: string, text: string) =>
  from.tim.sendMessage(
    from.tim.createTextMessage({ to, conversationType: 'C2C', payload: { text } }),
  )

async function roaming(localIm: LocalIm, owner: string, peer: string): Promise<string[]> {
  const reply = await restCall(localIm, 'openim/admin_getroammsg', {
    Operator_Account: owner,
    Peer_Account: peer,
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 60,
  })
  return (reply.MsgList as { MsgBody: { MsgContent: { Text: string } }[] }[]).map(
    (m) => m.MsgBody[0]?.MsgContent.Text ?? '',
  )
}

const blacklistEvents = (user: SdkUser) =>
  user.events.filter((e) => e.name === user.TIM.EVENT.BLACKLIST_UPDATED).map((e) => e.data)

test('add, list and remove with the real SDK; every session of the owner hears of it', async () => {
  im = await startTestIm({ multiInstance: true })
  const alice = await createSdkUser({ localIm: im, userID: 'alice', build: 'friendship' })
  const aliceElsewhere = await createSdkUser({
    localIm: im,
    userID: 'alice',
    build: 'friendship',
    importAccount: false,
  })
  const bob = await createSdkUser({ localIm: im, userID: 'bob', build: 'friendship' })
  await restCall(im, 'im_open_login_svc/account_import', { UserID: 'carol' })
  await restCall(im, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'bob' }],
    AddType: 'Add_Type_Both',
    ForceAddFlags: 1,
  })
  const friendCount = async (user: SdkUser) => (await user.tim.getFriendList()).data.length
  for (const user of [alice, aliceElsewhere, bob]) {
    await user.waitFor(async () => (await friendCount(user)) === 1, 10000, 'the friendship')
    // The SDK fetches the new friend's profile and puts the friend back into its list with the
    // answer: a deletion pushed before that answer is handled would be undone.
    await user.waitForIdle()
  }

  const added = await alice.tim.addToBlacklist({ userIDList: ['bob', 'carol'] })
  expect(added.data.sort()).toEqual(['bob', 'carol'])
  expect((await alice.tim.getBlacklist()).data.sort()).toEqual(['bob', 'carol'])
  await aliceElsewhere.waitFor(() =>
    blacklistEvents(aliceElsewhere).some((list) => (list as string[]).length === 2),
  )
  // Blocking ends the friendship both ways; the blocked user is told nothing else.
  for (const user of [alice, aliceElsewhere, bob]) {
    await user.waitFor(async () => (await friendCount(user)) === 0, 10000, 'no friend')
  }
  expect(blacklistEvents(bob).every((list) => (list as string[]).length === 0)).toBe(true)

  const removed = await alice.tim.removeFromBlacklist({ userIDList: ['bob'] })
  expect(removed.data).toEqual(['carol'])
  await aliceElsewhere.waitFor(() =>
    blacklistEvents(aliceElsewhere).some((list) => (list as string[]).join() === 'carol'),
  )
  // A fresh login reads the list from the server (sns.black_list_get).
  const later = await createSdkUser({
    localIm: im,
    userID: 'alice',
    build: 'basic',
    importAccount: false,
  })
  await later.waitFor(() => blacklistEvents(later).some((l) => (l as string[]).join() === 'carol'))
  expect((await later.tim.getBlacklist()).data).toEqual(['carol'])
})

test("a blocked sender's message fails with 20007 and is kept nowhere; the blocker still sends", async () => {
  im = await startTestIm()
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  await send(alice, 'bob', 'before')
  await bob.waitFor(() => texts(bob).includes('before'))
  await bob.tim.addToBlacklist({ userIDList: ['alice'] })

  const refused = await send(alice, 'bob', 'while blocked').catch((error: unknown) => error)
  expect(refused).toMatchObject({ code: 20007 })
  // One way only: bob, who blocked alice, can still write to her.
  await send(bob, 'alice', 'from the blocker')
  await alice.waitFor(() => texts(alice).includes('from the blocker'))
  // REST sendmsg checks no relation (Tencent documents it): the admin's message goes through.
  const rest = await restCall(im, 'openim/sendmsg', {
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: 99,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'admin sends' } }],
  })
  expect(rest.ErrorCode).toBe(0)
  await bob.waitFor(() => texts(bob).includes('admin sends'))

  expect(texts(bob)).not.toContain('while blocked')
  expect(await roaming(im, 'bob', 'alice')).toEqual(['before', 'from the blocker', 'admin sends'])
  // The sender's own roaming does not have it either (a fresh login pages it from the server).
  await alice.destroy()
  const aliceAgain = await createSdkUser({ localIm: im, userID: 'alice', importAccount: false })
  const history = await aliceAgain.tim.getMessageList({ conversationID: 'C2Cbob' })
  expect(history.data.messageList.map(textOf)).toEqual([
    'before',
    'from the blocker',
    'admin sends',
  ])

  await bob.tim.removeFromBlacklist({ userIDList: ['alice'] })
  await send(aliceAgain, 'bob', 'after unblock')
  await bob.waitFor(() => texts(bob).includes('after unblock'))
})

test('with --blocked-send-shows-success the blocked sender is told it was sent; nobody gets it', async () => {
  im = await startTestIm({ blockedSendsAppearSent: true })
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  await bob.tim.addToBlacklist({ userIDList: ['alice'] })
  const sent = await send(alice, 'bob', 'into the void')
  expect(sent.code).toBe(0)
  await send(bob, 'alice', 'marker')
  await alice.waitFor(() => texts(alice).includes('marker'))
  expect(texts(bob)).toEqual([])
  expect(await roaming(im, 'bob', 'alice')).toEqual(['marker'])
})

test('the blacklist and its enforcement survive a restart with --data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-blacklist-'))
  const first = await startImProcess({ dataDir })
  const bob = await createSdkUser({ localIm: first, userID: 'bob' })
  await restCall(first, 'im_open_login_svc/account_import', { UserID: 'alice' })
  await bob.tim.addToBlacklist({ userIDList: ['alice'] })
  // SIGKILL right after the acknowledgement: what bob was told must be on disk.
  await first.kill()
  await bob.destroy()

  const second = await startImProcess({ dataDir })
  const bobAgain = await createSdkUser({ localIm: second, userID: 'bob', importAccount: false })
  await bobAgain.waitFor(() =>
    blacklistEvents(bobAgain).some((list) => (list as string[]).join() === 'alice'),
  )
  const alice = await createSdkUser({ localIm: second, userID: 'alice', importAccount: false })
  await expect(send(alice, 'bob', 'still blocked')).rejects.toMatchObject({ code: 20007 })
})
