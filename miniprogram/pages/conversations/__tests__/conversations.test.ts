/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { im } from '../../../im/index'
import type { ConversationView } from '../../../models/types'
import { conversationStore, draftStore, resetAllStores } from '../../../stores/index'
import { runInAction } from '../../../stores/mobx'

loadSimulate()

function conversation(peerID: string, overrides: Partial<ConversationView> = {}): ConversationView {
  return Object.freeze({
    conversationID: `C2C${peerID}`,
    peerID,
    nick: peerID.toUpperCase(),
    avatar: '',
    preview: `来自 ${peerID} 的消息`,
    lastTime: Date.UTC(2026, 10, 23, 3, 0, 0),
    timeText: '11:00',
    unread: 0,
    unreadText: '',
    pinned: false,
    ...overrides,
  })
}

let page: RenderedComponent

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  resetAllStores()
})

function items(component: RenderedComponent) {
  return component.querySelectorAll('.conversation-item')
}

test('an empty list shows the empty state', async () => {
  page = renderComponent('pages/conversations/index')
  await flush()
  expect(page.querySelector('#conversations-empty')?.dom?.textContent).toContain('还没有聊天')
  expect(items(page)).toHaveLength(0)
})

test('renders nickname, preview, time and a capped unread badge, and updates live', async () => {
  runInAction(() =>
    conversationStore.setAll([
      conversation('bob', { unread: 120, unreadText: '99+', preview: '[图片]' }),
      conversation('carol', { lastTime: Date.UTC(2026, 10, 22, 3, 0, 0), timeText: '昨天' }),
    ]),
  )
  page = renderComponent('pages/conversations/index')
  await flush()
  const rows = items(page)
  expect(rows.map((row) => row.dom?.dataset.conversationId)).toEqual(['C2Cbob', 'C2Ccarol'])
  const bobText = rows[0]!.dom?.textContent ?? ''
  expect(bobText).toContain('BOB')
  expect(bobText).toContain('[图片]')
  expect(bobText).toContain('11:00')
  expect(bobText).toContain('99+')
  expect(rows[1]!.dom?.textContent).toContain('昨天')
  expect(page.querySelector('#conversations-empty')).toBeUndefined()

  runInAction(() => conversationStore.upsert(conversation('dave', { lastTime: Date.now() })))
  await flush()
  expect(items(page).map((row) => row.dom?.dataset.conversationId)).toContain('C2Cdave')
})

test('the tab bar badge follows the total unread count, capped at 99+', async () => {
  const setBadge = jest.spyOn(wx, 'setTabBarBadge')
  const removeBadge = jest.spyOn(wx, 'removeTabBarBadge')
  runInAction(() =>
    conversationStore.setAll([
      conversation('bob', { unread: 60, unreadText: '60' }),
      conversation('carol', { unread: 50, unreadText: '50' }),
    ]),
  )
  page = renderComponent('pages/conversations/index')
  await flush()
  expect(setBadge).toHaveBeenLastCalledWith(expect.objectContaining({ index: 0, text: '99+' }))

  runInAction(() => {
    conversationStore.markRead('C2Cbob')
    conversationStore.markRead('C2Ccarol')
  })
  await flush()
  expect(removeBadge).toHaveBeenLastCalledWith(expect.objectContaining({ index: 0 }))
})

test('tapping a conversation opens the chat subpackage page with the peer', async () => {
  runInAction(() => conversationStore.setAll([conversation('bob')]))
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  page = renderComponent('pages/conversations/index')
  await flush()
  items(page)[0]!.dispatchEvent('tap')
  await flush()
  expect(navigateTo).toHaveBeenCalledWith(
    expect.objectContaining({ url: '/package-chat/pages/chat/index?peerID=bob&nick=BOB' }),
  )
})

test('long-press pins an unpinned conversation and deletes after confirmation', async () => {
  runInAction(() => conversationStore.setAll([conversation('bob')]))
  const pin = jest.spyOn(im, 'pinConversation').mockResolvedValue(undefined)
  const remove = jest.spyOn(im, 'deleteConversation').mockResolvedValue(undefined)
  let choice = 0
  const sheets: string[][] = []
  jest.spyOn(wx, 'showActionSheet').mockImplementation((options) => {
    sheets.push(options.itemList)
    options.success?.({ tapIndex: choice, errMsg: 'showActionSheet:ok' })
    return undefined as never
  })
  jest.spyOn(wx, 'showModal').mockImplementation((options) => {
    options.success?.({ confirm: true, cancel: false, content: '', errMsg: 'showModal:ok' })
    return undefined as never
  })
  page = renderComponent('pages/conversations/index')
  await flush()
  items(page)[0]!.dispatchEvent('longpress')
  await flush()
  expect(sheets[0]).toEqual(['置顶聊天', '删除聊天'])
  expect(pin).toHaveBeenCalledWith('C2Cbob', true)

  choice = 1
  items(page)[0]!.dispatchEvent('longpress')
  await flush()
  expect(remove).toHaveBeenCalledWith('C2Cbob')
})

test('pull-to-refresh asks IM for the list and stops the spinner', async () => {
  const refresh = jest.spyOn(im, 'refreshConversations').mockResolvedValue(undefined)
  const stop = jest.spyOn(wx, 'stopPullDownRefresh')
  page = renderComponent('pages/conversations/index')
  await flush()
  await (page.instance.onPullDownRefresh as () => Promise<void>)()
  expect(refresh).toHaveBeenCalled()
  expect(stop).toHaveBeenCalled()
})

test('a conversation with an unsent draft shows [草稿] and the draft instead of the last message', async () => {
  runInAction(() => {
    conversationStore.setAll([conversation('bob'), conversation('carol')])
    draftStore.setDraft('C2Cbob', '明天见')
  })
  page = renderComponent('pages/conversations/index')
  await flush()
  const rows = items(page)
  expect(rows[0]!.dom?.textContent).toContain('[草稿]明天见')
  expect(rows[0]!.dom?.textContent).not.toContain('来自 bob 的消息')
  expect(rows[1]!.dom?.textContent).toContain('来自 carol 的消息')

  runInAction(() => draftStore.setDraft('C2Cbob', ''))
  await flush()
  expect(items(page)[0]!.dom?.textContent).toContain('来自 bob 的消息')
})

test('the list installs its own notify callback while shown and gives it back on hide', async () => {
  const install = im.setMessageNotify.bind(im)
  const restores: jest.Mock[] = []
  jest.spyOn(im, 'setMessageNotify').mockImplementation((callback) => {
    const restore = jest.fn(install(callback))
    restores.push(restore)
    return restore
  })
  page = renderComponent('pages/conversations/index')
  ;(page.instance.onShow as () => void)()
  expect(im.setMessageNotify).toHaveBeenCalledTimes(1)
  ;(page.instance.onHide as () => void)()
  expect(restores[0]).toHaveBeenCalledTimes(1)
  ;(page.instance.onShow as () => void)()
  ;(page.instance.onUnload as () => void)()
  expect(restores[1]).toHaveBeenCalledTimes(1)
})
