/**
 * Cards, quote-replies and forwards on three phones: alice sends bob carol's card from the friend picker and bob
 * adds carol from it; alice quotes her message 40 messages up and bob, on a fresh phone, taps the quote and the
 * chat loads history until the original is on screen; bob forwards the reply to carol through the picker.
 */
import type Element from 'miniprogram-automator/out/Element'
import {
  addFriend,
  chatRows,
  loginAsFriends,
  openChatFromContacts,
  openConversation,
  sendText,
  sendTexts,
  tapMorePanelItem,
  waitForConversation,
  waitForFriend,
  waitForRows,
  type ChatRow,
} from '../support/app'
import { ROUTES, type Phone, type UiState } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

const PICK_FRIEND = 'package-chat/pages/pick-friend/index'
const ORIGINAL = '原话：周六去爬山吗'
const REPLY = '好的，一起去'

/** The chat row with its card, quote and the page data fields this spec reads. */
type Row = ChatRow & {
  card?: { userID: string; nick: string }
  reply?: { messageID: string; sender: string; abstract: string }
}

let world: World
let alice: Phone
let bob: Phone
let carol: Phone

beforeAll(async () => {
  world = await World.create('quote-forward')
  ;[alice, bob, carol] = await Promise.all([
    world.openPhone('alice'),
    world.openPhone('bob'),
    world.openPhone('carol'),
  ])
  await Promise.all([loginAsFriends(alice, bob), carol.loginAs('carol')])
  await addFriend(alice, 'carol')
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

async function rows(phone: Phone): Promise<Row[]> {
  return (await chatRows(phone)) as Row[]
}

/** The rendered `.message` of the row whose message ID is `id` (rows and elements come in the same order). */
async function rowElement(phone: Phone, id: string): Promise<Element> {
  const index = (await rows(phone)).findIndex((row) => row.id === id)
  const element = (await phone.elements('.message'))[index]
  if (index < 0 || !element) throw new Error(`${phone.name}: no rendered row for ${id}`)
  return element
}

/** The items of the action sheet open on the phone, once there is one. */
async function waitForSheet(phone: Phone): Promise<string[]> {
  return waitUntil(`${phone.name}: an action sheet`, async () => {
    const ui = (await phone.ui()) as UiState & { actionSheet?: { itemList: string[] } | null }
    return ui.actionSheet?.itemList
  })
}

/** Answers the open action sheet with the item labelled `label`. */
async function chooseFromSheet(phone: Phone, label: string): Promise<void> {
  const items = await waitForSheet(phone)
  const index = items.indexOf(label)
  if (index < 0) throw new Error(`${phone.name}: ${label} is not in ${items.join(' / ')}`)
  await phone.control('tapActionSheet', { index })
}

/** A finger held on the message until the sheet opens (the host fires longpress after 350 ms), then 引用/转发…. */
async function longPressAndChoose(phone: Phone, id: string, label: string): Promise<void> {
  const element = await rowElement(phone, id)
  const { left, top } = (await element.offset()) as { left: number; top: number }
  const finger = [{ identifier: 0, clientX: left + 100, clientY: top + 20 }]
  await element.touchstart({ touches: finger, changeTouches: finger })
  await waitForSheet(phone)
  await element.touchend({ touches: [], changeTouches: finger })
  await chooseFromSheet(phone, label)
}

async function waitForToast(phone: Phone, title: string): Promise<void> {
  await waitUntil(`${phone.name}: the toast ${title}`, async () =>
    (await phone.ui()).toasts.some((toast) => toast.title === title),
  )
}

/** On the picker: the friends it offers, then a tap on `userID` (back to the chat). */
async function pickFriend(phone: Phone, userID: string, search?: string): Promise<string[]> {
  await phone.waitForRoute(PICK_FRIEND)
  type Shown = { userID: string }[]
  const offered = await waitUntil(`${phone.name}: friends on the picker`, async () => {
    const shown = await phone.data<Shown>('shown')
    return shown.some((friend) => friend.userID === userID) ? shown : undefined
  })
  if (search) {
    await phone.type('#pick-friend-search', search)
    await waitUntil(`${phone.name}: the search for ${search}`, async () => {
      const shown = await phone.data<Shown>('shown')
      return shown.length === 1 && shown[0]?.userID === userID
    })
  }
  await phone.shot('pick-friend')
  const shown = await phone.data<Shown>('shown')
  const items = await phone.elements('.pick-friend-item')
  await items[shown.findIndex((friend) => friend.userID === userID)]!.tap()
  await phone.waitForRoute(ROUTES.chat)
  return offered.map((friend) => friend.userID)
}

test('alice sends bob carol’s card from the friend picker; bob taps it and adds carol as a friend', async () => {
  await openChatFromContacts(alice, 'bob')
  await tapMorePanelItem(alice, 'card-button')
  const offered = await pickFriend(alice, 'carol', 'car')
  expect(offered).toContain('carol')
  expect(offered).not.toContain('bob')
  await waitForRows(alice, 'the card sent', (r) =>
    (r as Row[]).some((row) => row.card?.userID === 'carol' && row.status === 'sent'),
  )

  await openChatFromContacts(bob, 'alice')
  const got = await waitForRows(bob, 'the card', (r) =>
    (r as Row[]).some((row) => row.card?.userID === 'carol'),
  )
  const card = (got as Row[]).find((row) => row.card?.userID === 'carol')!
  expect(card).toMatchObject({ type: 'card', flow: 'in', text: '[名片]' })
  await bob.shot('card')
  const bubble = await (await rowElement(bob, card.id)).$('message-bubble')
  await (await bubble!.$('.card'))!.tap()
  expect(await waitForSheet(bob)).toEqual(['发消息', '添加好友'])
  await chooseFromSheet(bob, '添加好友')
  await waitForToast(bob, '已添加好友')
  await bob.openTab('contacts')
  await waitForFriend(bob, 'carol')
})

test('alice quotes her message 40 up; on a fresh phone bob taps the quote and history loads up to it', async () => {
  await sendText(alice, ORIGINAL)
  await sendTexts(
    alice,
    Array.from({ length: 40 }, (_, index) => `第 ${index + 1} 条`),
  )
  const sent = await waitForRows(
    alice,
    'all 41 sent',
    (r) => r.filter((row) => row.flow === 'out' && row.status === 'sent').length >= 41,
  )
  const original = sent.find((row) => row.text === ORIGINAL)!
  await longPressAndChoose(alice, original.id, '引用')
  const bar = await alice.element('#quote-bar')
  expect(await bar.text()).toContain(ORIGINAL)
  await alice.shot('quote-bar')
  await sendText(alice, REPLY)
  const replied = await waitForRows(alice, 'the reply', (r) =>
    (r as Row[]).some((row) => row.text === REPLY && row.status === 'sent'),
  )
  expect((replied as Row[]).find((row) => row.text === REPLY)?.reply).toMatchObject({
    messageID: original.id,
    abstract: ORIGINAL,
  })
  expect(await alice.elements('#quote-bar')).toHaveLength(0)

  // A fresh phone: only the newest page of the chat is loaded, the original is three pages up.
  await world.closePhone(bob)
  bob = await world.openPhone('bob')
  await bob.loginAs('bob')
  await openConversation(bob, 'alice')
  const latest = (await waitForRows(bob, 'the reply', (r) =>
    r.some((row) => row.text === REPLY),
  )) as Row[]
  expect(latest.some((row) => row.id === original.id)).toBe(false)
  const reply = latest.find((row) => row.text === REPLY)!
  expect(reply.reply).toMatchObject({ messageID: original.id, abstract: ORIGINAL })
  await bob.shot('reply')
  const quote = await (await rowElement(bob, reply.id)).$('.reply-quote')
  expect(await quote!.text()).toContain(ORIGINAL)
  await quote!.tap()
  await waitForRows(bob, 'the original loaded and rendered', (r) =>
    r.some((row) => row.id === original.id),
  )
  await waitUntil('bob: scrolled to the original and marked', async () => {
    const data = await bob.data<{ scrollIntoView: string; highlightID: string }>()
    return data.scrollIntoView === original.anchor && data.highlightID === original.id
  })
  await bob.shot('original')
})

test('bob forwards the reply to carol through the picker; it arrives as a new message without the quote', async () => {
  // Back from the original to the newest messages (查看更新的消息), where the reply is.
  await bob.tap('#load-newer')
  const newest = await waitForRows(bob, 'the newest rows', (r) =>
    r.some((row) => row.text === REPLY),
  )
  const reply = newest.find((row) => row.text === REPLY)!
  await longPressAndChoose(bob, reply.id, '转发')
  const offered = await pickFriend(bob, 'carol')
  expect(offered).toEqual(expect.arrayContaining(['alice', 'carol']))
  await waitForToast(bob, '已转发')

  await waitForConversation(carol, 'bob', (conversation) => conversation.preview === REPLY)
  await openConversation(carol, 'bob')
  const got = (await waitForRows(carol, 'the forwarded reply', (r) =>
    r.some((row) => row.text === REPLY),
  )) as Row[]
  const copy = got.find((row) => row.text === REPLY)!
  expect(copy).toMatchObject({ flow: 'in', type: 'text' })
  expect(copy.id).not.toBe(reply.id)
  expect(copy.reply).toBeUndefined()
  await carol.shot('forwarded')
})
