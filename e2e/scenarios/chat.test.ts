/**
 * Two phones (alice, bob) against one local IM + app server: friends, messages both ways, unread counts and
 * read receipts, history paging, and a trip to the background.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import {
  addFriend,
  chatRows,
  leaveChat,
  messagesTabBadge,
  openChatFromContacts,
  openConversation,
  sendImage,
  sendText,
  sendTexts,
  waitForConversation,
  waitForFriend,
  waitForRows,
  type ChatRow,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { writeSolidPng } from '../support/png'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('chat')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

const texts = (rows: ChatRow[]) => rows.map((row) => row.text)

test('alice and bob log in (dev login), add each other, the conversation appears on both sides', async () => {
  await Promise.all([alice.loginAs('alice'), bob.loginAs('bob')])
  await alice.shot('conversations-empty')

  await addFriend(alice, 'bob')
  await alice.shot('contacts-bob-added')
  // The friendship is mutual: bob's contacts list alice without bob adding her again.
  await bob.openTab('contacts')
  await waitForFriend(bob, 'alice')
  await bob.shot('contacts-alice')

  await openChatFromContacts(alice, 'bob')
  await sendText(alice, '你好 bob')
  await waitForRows(alice, 'the greeting sent', (rows) =>
    rows.some((row) => row.text === '你好 bob' && row.status === 'sent'),
  )
  await alice.shot('chat')
  await leaveChat(alice)
  await alice.openTab('conversations')
  await waitForConversation(alice, 'bob', (c) => c.preview.includes('你好 bob'))
  await alice.shot('conversations')

  await bob.openTab('conversations')
  await waitForConversation(bob, 'alice', (c) => c.preview.includes('你好 bob') && c.unread === 1)
  await bob.shot('conversations')
})

// The tab-bar badge is read through the host's UI state.
testWithHostControls(
  'text and image messages both ways; unread badge and tab total; opening the chat clears them; 已读 on the sender',
  async () => {
    const picture = path.join(world.folder, 'picture.png')
    writeSolidPng(picture, 120, 80, [7, 193, 96])
    const pictureSize = statSync(picture).size

    await openConversation(alice, 'bob')
    await sendText(alice, '今天一起吃饭吗？')
    await sendImage(alice, picture, pictureSize)
    const aliceSent = await waitForRows(alice, 'text and image sent', (rows) => {
      const out = rows.filter((row) => row.flow === 'out')
      return out.length === 3 && out.every((row) => row.status === 'sent')
    })
    expect(aliceSent.filter((r) => r.flow === 'out').map((r) => r.statusText)).toEqual([
      '未读',
      '未读',
      '未读',
    ])
    expect(aliceSent[2]).toMatchObject({ type: 'image', flow: 'out' })
    expect(aliceSent[2]!.imageUrl).not.toBe('')

    // bob is on the conversation tab: three unread on the item and on the 消息 tab.
    const unread = await waitForConversation(bob, 'alice', (c) => c.unread === 3, '3 unread')
    expect(unread.unreadText).toBe('3')
    expect(unread.preview).toContain('[图片]')
    await waitUntil(
      'the 消息 tab badge to show 3',
      async () => (await messagesTabBadge(bob)) === '3',
    )
    await bob.shot('unread-3')

    await openConversation(bob, 'alice')
    const bobRows = await waitForRows(bob, 'the text and the image from alice', (rows) =>
      rows.some((row) => row.type === 'image' && row.imageUrl !== ''),
    )
    expect(bobRows.filter((row) => row.flow === 'in').map((row) => row.type)).toEqual([
      'text',
      'text',
      'image',
    ])
    expect(texts(bobRows).slice(0, 2)).toEqual(['你好 bob', '今天一起吃饭吗？'])
    await bob.shot('chat-with-image')
    await waitUntil(
      'the 消息 tab badge to clear',
      async () => (await messagesTabBadge(bob)) === undefined,
    )

    // 已读 comes back to alice once bob has the chat open.
    await waitForRows(alice, 'all three marked 已读', (rows) => {
      const out = rows.filter((row) => row.flow === 'out')
      return out.length === 3 && out.every((row) => row.statusText === '已读')
    })
    await alice.shot('read-receipts')

    // And back the other way, text and image.
    await sendText(bob, '好呀，七点见')
    await sendImage(bob, picture, pictureSize)
    const aliceRows = await waitForRows(alice, 'bob’s text and image', (rows) =>
      rows.some((row) => row.flow === 'in' && row.type === 'image' && row.imageUrl !== ''),
    )
    expect(aliceRows.filter((row) => row.flow === 'in').map((row) => row.text)[0]).toBe(
      '好呀，七点见',
    )
    await alice.shot('chat-both-ways')

    await leaveChat(bob)
    await waitForConversation(bob, 'alice', (c) => c.unread === 0 && c.unreadText === '')
    expect(await messagesTabBadge(bob)).toBeUndefined()
    await bob.shot('conversations-read')
    await leaveChat(alice)
  },
)

test('100 messages of history are paged by scrolling up, the position is kept, no duplicate and no gap', async () => {
  const numbered = Array.from({ length: 100 }, (_, i) => `历史 ${String(i + 1).padStart(3, '0')}`)
  await openConversation(bob, 'alice')
  await sendTexts(bob, numbered)
  await waitForRows(bob, '100 history messages sent', (rows) => {
    const mine = rows.filter((row) => row.text.startsWith('历史 '))
    return (
      mine.length > 0 &&
      mine[mine.length - 1]!.text === '历史 100' &&
      rows.every((r) => r.status === 'sent')
    )
  })
  await leaveChat(bob)

  // A fresh phone for alice: the history has to come from the IM page by page, not from memory.
  await world.closePhone(alice)
  alice = await world.openPhone('alice')
  await alice.loginAs('alice')
  await openConversation(alice, 'bob')
  let rows = await waitForRows(alice, 'the latest messages', (r) =>
    r.some((row) => row.text === '历史 100'),
  )
  await alice.shot('history-latest')

  const seen = new Set<number>()
  const record = (window: ChatRow[]) => {
    expect(new Set(window.map((row) => row.id)).size).toBe(window.length) // no duplicate rows
    const numbers = window
      .filter((row) => row.text.startsWith('历史 '))
      .map((row) => Number(row.text.slice(3)))
    // Each rendered window is one contiguous, ordered run: no gap, no repeat.
    numbers.forEach((n, i) => i > 0 && expect(n).toBe(numbers[i - 1]! + 1))
    numbers.forEach((n) => seen.add(n))
  }
  record(rows)

  const list = await alice.element('#message-list')
  const scrollView = list as typeof list & { scrollTo(x: number, y: number): Promise<void> }
  const viewport = {
    top: Number((await list.offset()).top),
    height: parseFloat((await list.size()).height),
  }
  /** Where a row sits in the visible part of the list (0 = at the top edge). */
  const positionInViewport = async (anchor: string) =>
    Number((await (await alice.element(`#${anchor}`)).offset()).top) - viewport.top
  let pages = 0
  while (!(await alice.data<boolean>('noMoreHistory'))) {
    const topBefore = rows[0]!
    await scrollView.scrollTo(0, 0)
    const grown = await waitUntil(
      'older messages above the old top row, or the end of history',
      async () => {
        const now = await chatRows(alice)
        if (now[0]?.id !== topBefore.id) return now
        return (await alice.data<boolean>('noMoreHistory')) ? now : undefined
      },
    )
    if (grown[0]?.id !== topBefore.id) {
      pages += 1
      // The row that was on top stays in view: the list scrolls to it instead of jumping to the top.
      if (!grown.some((row) => row.id === topBefore.id))
        throw new Error(
          `the old top row ${topBefore.text} left the window: ${texts(grown).join(' | ')}`,
        )
      await waitUntil(
        'the old top row to be scrolled into view',
        async () =>
          (await alice.data<string>('scrollIntoView')) === topBefore.anchor &&
          Number(await scrollView.property('scrollTop')) > 0,
        undefined,
        async () => ({
          want: topBefore.anchor,
          scrollIntoView: await alice.data('scrollIntoView'),
          scrollTop: await scrollView.property('scrollTop'),
          top: (await chatRows(alice)).slice(0, 3).map((r) => r.anchor),
        }),
      )
      // It was the first row at the top edge before the scroll and must stay in view there, not slide under
      // the edge (a couple of px for sub-pixel layout). Measured once the page has finished loading.
      await waitUntil('the page to finish loading', async () => !(await alice.data('loadingOlder')))
      const position = await positionInViewport(topBefore.anchor)
      if (position < -2 || position > viewport.height / 3)
        throw new Error(
          `page ${pages}: the old top row ${topBefore.text} is at ${position.toFixed(1)} px from the top edge of the list`,
        )
    }
    rows = grown
    record(rows)
    if (pages === 1) await alice.shot('history-paged')
  }
  expect(pages).toBeGreaterThanOrEqual(5) // 100 messages in pages of 15
  expect([...seen].sort((a, b) => a - b)).toEqual(numbered.map((_, i) => i + 1))
  await alice.shot('history-start')
  await leaveChat(alice)
})

testWithHostControls(
  'the app goes to the background and back: the conversation list is in sync',
  async () => {
    await bob.openTab('conversations')
    await alice.openTab('conversations')
    await bob.control('enterBackground')
    expect((await bob.ui()).inBackground).toBe(true)

    await openConversation(alice, 'bob')
    await sendTexts(alice, ['在吗？', '后台时发的第二条'])
    await waitForRows(alice, 'both sent', (rows) =>
      rows.slice(-2).every((row) => row.status === 'sent'),
    )

    await bob.control('enterForeground')
    expect(await bob.route()).toBe(ROUTES.conversations)
    const synced = await waitForConversation(
      bob,
      'alice',
      (c) => c.preview.includes('后台时发的第二条') && c.unread === 2,
      'the two background messages',
    )
    expect(synced.unreadText).toBe('2')
    await waitUntil(
      'the 消息 tab badge to show 2',
      async () => (await messagesTabBadge(bob)) === '2',
    )
    await bob.shot('after-foreground')
    await leaveChat(alice)
  },
)
