/**
 * How the app looks to a person: the system's dark mode switched with the host's theme control changes the
 * picture of every tab and of the pages under Me, every row and control has an accessible role and label, and at WeChat's 150 %
 * font size the text grows and stays inside its row.
 */
import type Element from 'miniprogram-automator/out/Element'
import sharp from 'sharp'
import {
  loginAsFriends,
  openChatFromContacts,
  openConversation,
  leaveChat,
  sendText,
  waitForConversation,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

let world: World
let alice: Phone
let bob: Phone

const LONG_TEXT = '周末有空吗？我们一起去爬山吧，早上八点在地铁站门口集合，记得带水和外套，山顶风大'

beforeAll(async () => {
  world = await World.create('look')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
  await loginAsFriends(alice, bob)
  await openChatFromContacts(bob, 'alice')
  await sendText(bob, LONG_TEXT)
  await leaveChat(bob)
  await alice.openTab('conversations')
  await waitForConversation(alice, 'bob', (c) => c.preview === LONG_TEXT && c.unread === 1)
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

async function attributes(element: Element, names: string[]): Promise<Record<string, string>> {
  const values = await Promise.all(names.map((name) => element.attribute(name)))
  return Object.fromEntries(names.map((name, index) => [name, String(values[index])]))
}

/** Mean brightness (0–255) of the page's picture, as the host draws it. */
async function brightness(phone: Phone): Promise<number> {
  const picture = await phone.miniProgram.screenshot()
  const bytes = Buffer.from(picture as unknown as string, 'base64')
  const { channels } = await sharp(bytes).removeAlpha().stats()
  return channels.reduce((sum, channel) => sum + channel.mean, 0) / channels.length
}

async function box(element: Element) {
  const [offset, size] = await Promise.all([element.offset(), element.size()])
  const [left, top] = [Number(offset.left), Number(offset.top)]
  const [width, height] = [Number(size.width), Number(size.height)]
  return { left, top, right: left + width, bottom: top + height, width, height }
}

test('rows and controls carry an accessible role and a label saying what they are', async () => {
  const [row] = await alice.elements('.conversation-item')
  const summary = await attributes((await row!.$('.row'))!, ['aria-role', 'aria-label'])
  expect(summary).toEqual({
    'aria-role': 'button',
    'aria-label': expect.stringMatching(new RegExp(`^bob，${LONG_TEXT}，.+，1条未读$`)),
  })

  await alice.openTab('contacts')
  const [friend] = await alice.elements('.friend-item')
  expect(await attributes(friend!, ['aria-role', 'aria-label'])).toEqual({
    'aria-role': 'button',
    'aria-label': 'bob，用户 ID bob',
  })
  expect(await attributes(await alice.element('#add-friend-input'), ['aria-label'])).toEqual({
    'aria-label': '对方的用户 ID',
  })
  expect(
    await attributes(await alice.element('#add-friend-button'), ['aria-role', 'aria-label']),
  ).toEqual({
    'aria-role': 'button',
    'aria-label': '添加好友',
  })
  await alice.openTab('conversations')

  // In the chat, each message says who said what, when, and (for her own) whether it was read.
  await openConversation(alice, 'bob')
  const received = await alice.element('.message--in')
  expect(await attributes(received, ['aria-role', 'aria-label'])).toEqual({
    'aria-role': 'listitem',
    'aria-label': expect.stringMatching(new RegExp(`^bob，${LONG_TEXT}，.+$`)),
  })
  await sendText(alice, '收到')
  await waitUntil('her reply to be sent', async () => {
    const label = await (await alice.element('.message--out')).attribute('aria-label')
    return /^我，收到，.+，(未读|已读)$/.test(String(label))
  })
  await leaveChat(alice)
  // The tests below measure the list row with its unread badge: bob writes again.
  await openChatFromContacts(bob, 'alice')
  await sendText(bob, LONG_TEXT)
  await leaveChat(bob)
  await alice.openTab('conversations')
  await waitForConversation(alice, 'bob', (c) => c.preview === LONG_TEXT && c.unread === 1)
})

testWithHostControls('the system going dark turns the tabs dark, and back', async () => {
  await alice.openTab('conversations')
  const light = await brightness(alice)
  await alice.shot('conversations-light')
  await alice.control('setTheme', { theme: 'dark' })
  try {
    await waitUntil(
      'the conversation tab to follow the dark theme',
      async () => (await alice.data('theme')) === 'dark',
    )
    const dark = await brightness(alice)
    await alice.shot('conversations-dark')
    expect({ light: light > 180, dark: dark < 80 }).toEqual({ light: true, dark: true })

    await alice.openTab('contacts')
    expect(await alice.data('theme')).toBe('dark')
    expect(await brightness(alice)).toBeLessThan(80)
    await alice.shot('contacts-dark')

    await alice.openTab('me')
    await waitUntil('the Me tab to be dark', async () => (await alice.data('theme')) === 'dark')
    expect(await brightness(alice)).toBeLessThan(80)
    await alice.shot('me-dark')
    await alice.tap('#privacy-cell')
    await alice.waitForRoute(ROUTES.privacy)
    expect(await alice.data('theme')).toBe('dark')
    expect(await brightness(alice)).toBeLessThan(80)
    await alice.shot('privacy-dark')
    await alice.miniProgram.navigateBack()
    await alice.waitForRoute(ROUTES.me)
  } finally {
    await alice.control('setTheme', { theme: 'light' })
  }
  await waitUntil(
    'the contacts tab to be light again',
    async () => (await alice.data('theme')) === 'light',
  )
  expect(await brightness(alice)).toBeGreaterThan(180)
  await alice.openTab('conversations')
})

testWithHostControls('at 150 % font the text grows and nothing leaves its row', async () => {
  await alice.waitForRoute(ROUTES.conversations)
  const measure = async () => {
    const [item] = await alice.elements('.conversation-item')
    const row = (await item!.$('.row'))!
    const parts = await Promise.all(
      ['.nick', '.preview', '.time', '.badge'].map((selector) => row.$(selector)),
    )
    const fontSize = Number.parseFloat(String(await parts[0]!.style('font-size')))
    return {
      row: await box(row),
      parts: await Promise.all(parts.map((part) => box(part!))),
      fontSize,
    }
  }
  const normal = await measure()
  await alice.control('setFontSize', { fontSizeSetting: 24 })
  try {
    await alice.openTab('contacts')
    await alice.openTab('conversations')
    const large = await measure()
    await alice.shot('conversations-font-150')
    expect(large.fontSize).toBeCloseTo(normal.fontSize * 1.5, 1)
    expect(large.row.height).toBeGreaterThan(normal.row.height * 1.3)
    for (const [index, part] of large.parts.entries()) {
      const label = ['.nick', '.preview', '.time', '.badge'][index]
      // Each piece is at least one line tall and inside the row (the badge may overhang the avatar's corner
      // by design, but never leaves the row's width).
      expect({ label, tall: part.height >= large.fontSize * 0.7 }).toEqual({ label, tall: true })
      expect({
        label,
        left: part.left >= large.row.left - 1,
        right: part.right <= large.row.right + 1,
      }).toEqual({
        label,
        left: true,
        right: true,
      })
      if (label !== '.badge')
        expect({
          label,
          top: part.top >= large.row.top - 1,
          bottom: part.bottom <= large.row.bottom + 1,
        }).toEqual({
          label,
          top: true,
          bottom: true,
        })
    }
  } finally {
    await alice.control('setFontSize', { fontSizeSetting: 16 })
  }
})
