/** @jest-environment ./__tests__/support/node-dom-environment.js */
/**
 * The emoji panel in the chat: insert at the cursor, backspace by whole emoji, recents first (kept in the
 * harness wx's storage, hence the environment with both a DOM and that wx), big emoji.
 */
import { flush, renderComponent, type RenderedComponent } from '@tim-c2c/test-support/simulate'
import { im } from '../../../../im/index'
import { c2cConversationID } from '../../../../models/mapping'
import type { MessageView } from '../../../../models/types'
import { chatStore } from '../../../../stores/chat'
import { resetAllStores } from '../../../../stores/index'
import { runInAction } from '../../../../stores/mobx'
import { recentEmojiStore } from '../../../stores/recent-emoji'

jest.setTimeout(60_000)

const PEER = 'bob'
const CONVERSATION = c2cConversationID(PEER)
let page: RenderedComponent

function openChat(): RenderedComponent {
  const rendered = renderComponent('package-chat/pages/chat/index')
  ;(rendered.instance.onLoad as (query: object) => void)({ peerID: PEER })
  ;(rendered.instance.onShow as () => void)()
  return rendered
}

function text(index: number, body: string): MessageView {
  return Object.freeze({
    id: `m${index}`,
    conversationID: CONVERSATION,
    flow: 'in',
    from: PEER,
    type: 'text',
    text: body,
    time: Date.UTC(2026, 10, 20, 2, 0, index),
    status: 'sent',
    isRead: false,
    isRevoked: false,
    revocable: false,
  } as MessageView)
}

function panelNodes(selector: string): RenderedComponent[] {
  return page.querySelector('#emoji-panel')?.querySelectorAll(selector) ?? []
}

/** Taps `emoji` in whichever tab of the panel has it. */
async function pick(emoji: string): Promise<void> {
  const tabCount = panelNodes('.tab').length
  for (let index = 0; index < tabCount; index += 1) {
    panelNodes('.tab')[index]!.dispatchEvent('tap')
    await flush()
    const node = panelNodes('.emoji').find((item) => item.dom?.textContent === emoji)
    if (node) {
      node.dispatchEvent('tap')
      await flush()
      return
    }
  }
  throw new Error(`${emoji} is in no tab of the panel`)
}

function panelEmoji(): string[] {
  return panelNodes('.emoji').map((node) => String(node.dom?.textContent))
}

beforeEach(() => {
  jest.spyOn(im, 'openConversation').mockResolvedValue(CONVERSATION)
  jest.spyOn(im, 'closeConversation').mockImplementation(() => undefined)
  jest.spyOn(im, 'markConversationRead').mockResolvedValue(undefined)
})

afterEach(() => {
  page?.detach()
  recentEmojiStore.reset()
  jest.restoreAllMocks()
  resetAllStores()
})

test('the panel opens from the input bar and inserts emoji at the cursor; backspace takes a whole emoji', async () => {
  page = openChat()
  await flush()
  expect(page.querySelector('#emoji-panel')).toBeUndefined()
  page.querySelector('#emoji-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#emoji-panel')).toBeDefined()
  expect(panelEmoji()).toContain('😂')

  const input = page.querySelector('#message-input')!
  input.dispatchEvent('input', { detail: { value: '你好世界', cursor: 2 } })
  await flush()
  await pick('😂')
  expect(page.data.draft).toBe('你好😂世界')
  await pick('👍')
  expect(page.data.draft).toBe('你好😂👍世界')

  panelNodes('#emoji-backspace')[0]!.dispatchEvent('tap')
  await flush()
  expect(page.data.draft).toBe('你好😂世界')
  panelNodes('#emoji-backspace')[0]!.dispatchEvent('tap')
  panelNodes('#emoji-backspace')[0]!.dispatchEvent('tap')
  await flush()
  expect(page.data.draft).toBe('你世界')
})

test('recently used emoji come first the next time the panel opens, newest first, kept in storage', async () => {
  page = openChat()
  await flush()
  page.querySelector('#emoji-button')!.dispatchEvent('tap')
  await flush()
  for (const emoji of ['😭', '🐶', '😭']) await pick(emoji)
  page.detach()
  // A new launch: the list comes back from storage.
  recentEmojiStore.reset()

  page = openChat()
  await flush()
  page.querySelector('#emoji-button')!.dispatchEvent('tap')
  await flush()
  expect(panelNodes('#emoji-tab-recent')[0]?.dom?.className).toContain('tab--on')
  expect(panelEmoji().slice(0, 2)).toEqual(['😭', '🐶'])
})

test('a message of only one to three emoji is shown large, without a bubble; others in a bubble', async () => {
  runInAction(() =>
    chatStore.prependHistory(
      CONVERSATION,
      [text(1, '😂'), text(2, '👍🏽👍🏽'), text(3, '😂 好的'), text(4, '🎉🎉🎉🎉')],
      '',
      true,
    ),
  )
  page = openChat()
  await flush()
  const bubble = (id: string) => page.querySelector(`#m-${id} .message-content`)
  const big = (id: string) => bubble(id)?.querySelector('.big-emoji')?.dom?.textContent
  expect(big('m1')).toBe('😂')
  expect(big('m2')).toBe('👍🏽👍🏽')
  expect(big('m3')).toBeUndefined()
  expect(bubble('m3')?.querySelector('.bubble')?.dom?.textContent).toBe('😂 好的')
  expect(big('m4')).toBeUndefined()
})

test('the title says 对方正在输入… while the peer types; typing in the input signals the peer', async () => {
  const titles: string[] = []
  jest
    .spyOn(wx, 'setNavigationBarTitle')
    .mockImplementation((options: WechatMiniprogram.SetNavigationBarTitleOption) => {
      titles.push(options.title)
      return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' })
    })
  const typing = jest.spyOn(im, 'sendTyping').mockImplementation(() => undefined)
  page = openChat()
  await flush()
  runInAction(() => chatStore.setPeerTyping(CONVERSATION, true))
  runInAction(() => chatStore.setPeerTyping(CONVERSATION, false))
  expect(titles).toEqual([PEER, '对方正在输入…', PEER])

  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: '在' } })
  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: '' } })
  await flush()
  expect(typing.mock.calls).toEqual([[PEER]])
})
