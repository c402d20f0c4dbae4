/**
 * Profiles and safety on two phones against one local IM + app server (its before-send callback and blacklist
 * on): alice logs in with a chooseAvatar photo that bob then sees from the server, blocks bob from his profile
 * (his message fails with the blocked text) and unblocks him, reports him (the report reaches the admin list),
 * and a refused word never leaves her phone.
 */
import path from 'node:path'
import { DEV_CREDENTIALS } from '@tim-c2c/test-support'
import {
  addFriend,
  chatRows,
  leaveChat,
  openChatFromContacts,
  sendText,
  waitForFriend,
  waitForRows,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { writeSolidPng } from '../support/png'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

const PROFILE = 'package-me/pages/profile/index'
const REPORT = 'package-me/pages/report/index'
const NICKNAME = 'package-me/pages/nickname/index'

interface Friend {
  userID: string
  nick: string
  avatar: string
}

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('profile-safety')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

function photo(name: string, rgb: [number, number, number]): string {
  const file = path.join(world.folder, name)
  writeSolidPng(file, 96, 96, rgb)
  return file
}

/** What bob's contact list shows of alice (nickname and avatar from her IM profile). */
async function aliceOnBobsList(accept: (alice: Friend) => boolean, what: string): Promise<Friend> {
  await bob.openTab('contacts')
  return waitUntil(
    `bob's contacts to show alice's ${what}`,
    async () => {
      // The list refreshes on show; switching tabs shows it again.
      await bob.openTab('conversations')
      await bob.openTab('contacts')
      const found = (await bob.data<Friend[]>('friends')).find((f) => f.userID === 'alice')
      return found && accept(found) ? found : undefined
    },
    undefined,
    () => bob.data('friends'),
  )
}

async function servedBytes(url: string): Promise<number> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return (await response.arrayBuffer()).byteLength
}

/** alice: contacts → bob's avatar → his profile. */
async function openBobsProfile(): Promise<void> {
  await alice.openTab('contacts')
  await waitForFriend(alice, 'bob')
  const friends = await alice.data<Friend[]>('friends')
  const avatars = await alice.elements('.friend-avatar')
  await avatars[friends.findIndex((friend) => friend.userID === 'bob')]!.tap()
  await alice.waitForRoute(PROFILE)
  await alice.element('#profile-nick')
}

async function toastSeen(phone: Phone, title: string): Promise<void> {
  await waitUntil(
    `${phone.name} to be told “${title}”`,
    async () => (await phone.ui()).toasts.some((toast) => toast.title === title),
    undefined,
    async () => (await phone.ui()).toasts,
  )
}

testWithHostControls(
  'alice logs in with a chooseAvatar photo and a nickname; bob sees the avatar the server serves',
  async () => {
    await alice.waitForRoute(ROUTES.login)
    await alice.control('setChooseMediaFiles', { files: [photo('alice.png', [250, 81, 81])] })
    await alice.tap('#choose-avatar-button')
    await waitUntil('the chosen avatar on the login form', async () =>
      /^(http:\/\/tmp\/|wxfile:\/\/tmp_)/.test(await alice.data<string>('avatarPath')),
    )
    await alice.type('#nickname-input', '爱丽丝')
    await alice.shot('login-with-avatar')
    await alice.tap('#dev-user-alice')
    await alice.waitForRoute(ROUTES.conversations)

    await bob.loginAs('bob')
    await addFriend(bob, 'alice')
    const seen = await aliceOnBobsList((f) => f.avatar !== '', 'avatar')
    expect(seen.nick).toBe('爱丽丝')
    expect(seen.avatar.startsWith(`${world.stack.appServer.url}/avatars/`)).toBe(true)
    expect(await servedBytes(seen.avatar)).toBeGreaterThan(0)
    await bob.shot('contacts-alice-avatar')
  },
)

testWithHostControls(
  'alice changes her avatar and nickname on the Me page; bob sees both',
  async () => {
    const before = (await aliceOnBobsList(() => true, 'profile')).avatar
    await alice.openTab('me')
    await alice.control('setChooseMediaFiles', { files: [photo('alice-2.png', [7, 193, 96])] })
    await alice.tap('#change-avatar-button')
    await toastSeen(alice, '头像已更新')

    await alice.tap('#edit-nick-button')
    await alice.waitForRoute(NICKNAME)
    await alice.type('#nick-input', '小爱')
    await alice.tap('#save-nick-button')
    await alice.waitForRoute(ROUTES.me)
    await waitUntil('the new nickname on the Me page', async () => {
      const nick = await (await alice.element('#my-nick')).text()
      return nick === '小爱'
    })
    await alice.shot('me-changed')

    const after = await aliceOnBobsList((f) => f.nick === '小爱' && f.avatar !== before, 'changes')
    expect(after.avatar.startsWith(`${world.stack.appServer.url}/avatars/`)).toBe(true)
  },
)

testWithHostControls(
  'alice blocks bob: his message fails with 对方已拒收你的消息; unblocked, it goes through',
  async () => {
    await openBobsProfile()
    await alice.tap('#block-button')
    await alice.control('confirmModal')
    await alice.element('#blocked-state')
    await alice.shot('bob-blocked')

    await openChatFromContacts(bob, 'alice')
    await sendText(bob, '在吗')
    await toastSeen(bob, '消息未发出：对方已拒收你的消息')
    await waitForRows(bob, 'the refused message marked failed', (rows) =>
      rows.some((row) => row.text === '在吗' && row.status === 'failed'),
    )
    await bob.shot('blocked-send-failed')

    await alice.tap('#block-button')
    await waitUntil('the block gone from bob’s profile', async () => !(await alice.data('blocked')))
    await sendText(bob, '现在呢')
    await waitForRows(bob, 'the message after the unblock sent', (rows) =>
      rows.some(
        (row) => row.text === '现在呢' && row.status !== 'failed' && row.status !== 'sending',
      ),
    )
  },
)

testWithHostControls('alice reports bob; the report reaches the admin list', async () => {
  if ((await alice.route()) !== PROFILE) await openBobsProfile()
  await alice.tap('#report-button')
  await alice.waitForRoute(REPORT)
  await alice.tap('#report-reason-abuse')
  await alice.type('#report-text', '一直发骚扰信息')
  await alice.shot('report')
  // The server's store outlives a run (its data folder), so only reports made from now on count.
  const since = Date.now()
  await alice.tap('#submit-report-button')
  await alice.waitForRoute(PROFILE)

  const response = await fetch(`${world.stack.appServer.url}/api/admin/reports?status=open`, {
    headers: { 'x-admin-token': DEV_CREDENTIALS.adminToken },
  })
  const { reports } = (await response.json()) as { reports: Array<Record<string, unknown>> }
  const made = reports.filter((report) => Number(report.createdAt) >= since)
  expect(made).toEqual([
    expect.objectContaining({
      reporterID: 'alice',
      reportedID: 'bob',
      reason: 'abuse',
      abstract: '一直发骚扰信息',
    }),
  ])
})

testWithHostControls(
  'a refused word: alice is told 消息未发出：内容不合规 and bob never gets it',
  async () => {
    if ((await alice.route()) !== PROFILE) await openBobsProfile()
    await alice.tap('#send-message-button')
    await alice.waitForRoute(ROUTES.chat)
    await sendText(alice, '兼职日结，加微信领红包')
    await toastSeen(alice, '消息未发出：内容不合规')
    await sendText(alice, '刚才那条不算')
    await waitForRows(bob, 'alice’s allowed message', (rows) =>
      rows.some((row) => row.text === '刚才那条不算'),
    )
    expect((await chatRows(bob)).some((row) => row.text.includes('加微信领红包'))).toBe(false)
    await alice.shot('refused-word')
    await leaveChat(alice)
  },
)
