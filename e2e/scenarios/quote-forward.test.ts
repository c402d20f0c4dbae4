/**
 * Cards, quote-replies and forwards on three phones: alice sends bob carol's card from the friend picker and bob
 * adds carol from it; alice quotes her message 40 messages up and bob, on a fresh phone, taps the quote and the
 * chat loads history until the original is on screen; bob forwards the reply to carol through the picker.
 */
import {
  addFriend,
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
import {
  chooseFromSheet,
  longPressAndChoose,
  pickFriend,
  rowElement,
  waitForSheet,
  waitForToast,
} from '../support/message-actions'
import type { Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

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

test('alice sends bob carol’s card from the friend picker; bob taps it and adds carol as a friend', async () => {
  await openChatFromContacts(alice, 'bob')
  await tapMorePanelItem(alice, 'card-button')
  const offered = await pickFriend(alice, 'carol', {
    search: 'car',
    beforeTap: () => alice.shot('pick-friend'),
  })
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
  const offered = await pickFriend(bob, 'carol', { beforeTap: () => bob.shot('pick-friend') })
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
