/**
 * A friend's remark (备注) on two phones against one local IM + app server: alice sets a remark on bob from his
 * profile (备注 → the remark editor); her contacts, her conversation list and the chat title then show it
 * instead of his nickname; clearing it brings his nickname back everywhere.
 */
import {
  goBack,
  leaveChat,
  openChatFromContacts,
  openConversation,
  sendText,
  waitForFriend,
  waitForRows,
} from '../support/app'
import { ROUTES, type Phone, type UiState } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

const PROFILE = 'package-me/pages/profile/index'
const REMARK = 'package-me/pages/remark/index'

interface Friend {
  userID: string
  nick: string
  name: string
}

interface Row {
  peerID: string
  name: string
}

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('remark')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

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

async function textOf(phone: Phone, selector: string): Promise<string> {
  const element = await phone.elements(selector)
  return element[0] ? (await element[0].text()).trim() : ''
}

function waitForText(phone: Phone, selector: string, expected: string): Promise<string> {
  return waitUntil(
    `${phone.name}: ${selector} to read “${expected}”`,
    async () => ((await textOf(phone, selector)) === expected ? expected : undefined),
    undefined,
    () => textOf(phone, selector),
  )
}

/** The profile's 备注 → editor → type (or clear) → 完成 → back on the profile with the new name. */
async function setRemarkFromProfile(remark: string, nameAfter: string): Promise<void> {
  await openBobsProfile()
  await alice.tap('#remark-button')
  await alice.waitForRoute(REMARK)
  if (remark === '') await alice.tap('#clear-remark-button')
  else await alice.type('#remark-input', remark)
  await alice.shot(remark === '' ? 'remark-cleared' : 'remark-typed')
  await alice.tap('#save-remark-button')
  await alice.waitForRoute(PROFILE)
  await waitForText(alice, '#profile-nick', nameAfter)
  await waitForText(alice, '#remark-value', remark || '未设置')
  await alice.shot('profile')
  await goBack(alice)
  await alice.waitForRoute(ROUTES.contacts)
}

/** What alice's contacts, her conversation list and her chat title with bob call him. */
async function expectBobCalled(name: string): Promise<void> {
  await alice.openTab('contacts')
  await waitUntil(
    `alice's contacts to call bob ${name}`,
    async () =>
      (await alice.data<Friend[]>('friends')).find((f) => f.userID === 'bob')?.name === name,
    undefined,
    () => alice.data('friends'),
  )
  const names = await Promise.all(
    (await alice.elements('.friend-nick')).map(async (nick) => (await nick.text()).trim()),
  )
  expect(names).toContain(name)
  await alice.shot('contacts')

  await alice.openTab('conversations')
  await waitUntil(
    `alice's conversation list to call bob ${name}`,
    async () =>
      (await alice.data<Row[]>('conversations')).find((row) => row.peerID === 'bob')?.name === name,
    undefined,
    () => alice.data('conversations'),
  )
  const [row] = await alice.elements('.conversation-item')
  expect((await (await row!.$('.nick'))!.text()).trim()).toBe(name)
  await alice.shot('conversations')

  await openConversation(alice, 'bob')
  const title = async () => (await alice.ui()) as UiState & { navigationBarTitle?: string }
  await waitUntil(
    `alice's chat title to be ${name}`,
    async () => ((await title()).navigationBarTitle === name ? name : undefined),
    undefined,
    async () => (await title()).navigationBarTitle,
  )
  await alice.shot('chat-title')
  await leaveChat(alice)
}

test('alice sets a remark on bob from his profile: contacts, conversation list and chat title show it; clearing it brings back his nickname', async () => {
  await bob.waitForRoute(ROUTES.login)
  await bob.type('#nickname-input', '鲍勃')
  await bob.tap('#dev-user-bob')
  await bob.waitForRoute(ROUTES.conversations)
  await alice.loginAs('alice')
  await alice.openTab('contacts')
  await alice.type('#add-friend-input', 'bob')
  await alice.tap('#add-friend-button')
  await waitForFriend(alice, 'bob')
  await waitUntil('bob’s nickname on alice’s contacts', async () => {
    await alice.openTab('conversations')
    await alice.openTab('contacts')
    return (await alice.data<Friend[]>('friends')).find((f) => f.userID === 'bob')?.nick === '鲍勃'
  })

  // A conversation with bob, so the list has his row.
  await openChatFromContacts(alice, 'bob')
  await sendText(alice, '周末有空吗')
  await waitForRows(alice, 'the message sent', (rows) =>
    rows.some((row) => row.text === '周末有空吗' && row.status === 'sent'),
  )
  await leaveChat(alice)
  await expectBobCalled('鲍勃')

  await setRemarkFromProfile('大学室友', '大学室友')
  await expectBobCalled('大学室友')

  await setRemarkFromProfile('', '鲍勃')
  await expectBobCalled('鲍勃')
})
