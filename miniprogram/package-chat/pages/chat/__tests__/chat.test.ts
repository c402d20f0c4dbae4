/** @jest-environment jsdom */
import {
  countNodes,
  flush,
  recordSetData,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { AppErrorCode, ImError } from '../../../../im/errors'
import { im } from '../../../../im/index'
import { c2cConversationID } from '../../../../models/mapping'
import type { MessageView } from '../../../../models/types'
import { chatStore } from '../../../../stores/chat'
import { draftStore } from '../../../../stores/drafts'
import { resetAllStores } from '../../../../stores/index'
import { runInAction } from '../../../../stores/mobx'
import { INITIAL_WINDOW, MAX_WINDOW } from '../rows'

const PEER = 'bob'
const CONVERSATION = c2cConversationID(PEER)
const BASE_TIME = Date.UTC(2026, 10, 20, 2, 0, 0)

function message(index: number, overrides: Partial<MessageView> = {}): MessageView {
  return Object.freeze({
    id: `msg-${index}`,
    conversationID: CONVERSATION,
    flow: index % 2 === 0 ? 'in' : 'out',
    from: index % 2 === 0 ? PEER : 'alice',
    type: 'text',
    text: `第 ${index} 条消息`,
    time: BASE_TIME + index * 60_000,
    status: 'sent',
    isRead: true,
    isRevoked: false,
    revocable: false,
    ...overrides,
  } as MessageView)
}

function loadHistory(count: number, isCompleted = false): MessageView[] {
  const views = Array.from({ length: count }, (_, index) => message(index))
  runInAction(() => chatStore.prependHistory(CONVERSATION, views, 'cursor-older', isCompleted))
  return views
}

let page: RenderedComponent

/** The platform's order for a page that opens: onLoad, then onShow. */
function openChat(): RenderedComponent {
  const rendered = renderComponent('package-chat/pages/chat/index')
  ;(rendered.instance.onLoad as (query: object) => void)({ peerID: PEER })
  ;(rendered.instance.onShow as () => void)()
  return rendered
}

/** The message-notify callback the IM door would call now (the newest one installed and not restored). */
function currentNotify(): ((messages: readonly MessageView[]) => void) | undefined {
  const installs = (im.setMessageNotify as jest.Mock).mock
  for (let index = installs.calls.length - 1; index >= 0; index -= 1) {
    const restore = installs.results[index]?.value as () => void
    if (!restored.has(restore)) return installs.calls[index]?.[0]
  }
  return undefined
}
const restored = new WeakSet<() => void>()

/** An incoming message the way the IM door delivers it: into chatStore, then to the current callback. */
function deliver(...views: MessageView[]): void {
  runInAction(() => chatStore.upsertMessages(CONVERSATION, views))
  currentNotify()?.(views)
}

function rowIDs(component: RenderedComponent): string[] {
  return component.querySelectorAll('.message').map((node) => String(node.dom?.dataset.messageId))
}

beforeEach(() => {
  const install = im.setMessageNotify.bind(im)
  jest.spyOn(im, 'setMessageNotify').mockImplementation((callback) => {
    const restore = install(callback)
    const tracked = () => {
      restored.add(tracked)
      restore()
    }
    return tracked
  })
  jest.spyOn(im, 'openConversation').mockResolvedValue(CONVERSATION)
  jest.spyOn(im, 'closeConversation').mockImplementation(() => undefined)
  jest.spyOn(im, 'markConversationRead').mockResolvedValue(undefined)
})

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  resetAllStores()
})

test('opening renders only the newest window of a long history and asks IM to open it', async () => {
  loadHistory(5_000)
  page = openChat()
  await flush()
  expect(im.openConversation).toHaveBeenCalledWith(PEER)
  const ids = rowIDs(page)
  expect(ids).toHaveLength(INITIAL_WINDOW)
  expect(ids[ids.length - 1]).toBe('msg-4999')
  expect(countNodes(page)).toBeLessThanOrEqual(1_000)
})

test('one incoming message costs one path setData under 2 KB, whatever the history length', async () => {
  loadHistory(5_000)
  page = openChat()
  await flush()
  const recorder = recordSetData(page)

  deliver(message(5_000, { text: '新消息' }))
  await flush()

  expect(recorder.calls).toHaveLength(1)
  expect(recorder.calls[0]!.keys).toEqual([`items[${INITIAL_WINDOW}]`, 'scrollIntoView'])
  expect(recorder.calls[0]!.bytes).toBeLessThanOrEqual(2_048)
  expect(rowIDs(page).slice(-1)).toEqual(['msg-5000'])
  expect(page.querySelector('#m-msg-5000')?.dom?.textContent).toContain('新消息')
})

test('messages arriving live keep the rendered window at MAX_WINDOW rows; older ones come back on scroll up', async () => {
  page = openChat()
  await flush()
  const recorder = recordSetData(page)
  for (let index = 0; index < 400; index += 1) {
    deliver(message(index))
    await flush()
  }
  const ids = rowIDs(page)
  expect(ids.length).toBeLessThanOrEqual(MAX_WINDOW)
  expect(ids[ids.length - 1]).toBe('msg-399')
  expect(countNodes(page)).toBeLessThanOrEqual(1_000)
  // The window is re-rendered only when it would outgrow MAX_WINDOW; every other message is one path setData.
  const fullRenders = recorder.calls.filter((call) => call.keys.includes('items'))
  expect(fullRenders.length).toBeLessThanOrEqual(Math.ceil(400 / (MAX_WINDOW - INITIAL_WINDOW)))
  expect(recorder.calls.length).toBe(400)

  // Scrolling up brings back what was dropped, from the store, without asking IM.
  const topBefore = ids[0]
  const list = page.querySelector('#message-list')!
  list.dispatchEvent('scrolltoupper')
  await flush()
  expect(rowIDs(page)).toContain(topBefore)
  expect(rowIDs(page)[0]).not.toBe(topBefore)
})

test('while scrolled up, live messages stop adding rows at MAX_WINDOW and count on the pill', async () => {
  loadHistory(MAX_WINDOW - 5)
  page = openChat()
  await flush()
  const list = page.querySelector('#message-list')!
  for (let i = 0; i < 6; i += 1) {
    list.dispatchEvent('scrolltoupper')
    await flush()
  }
  list.dispatchEvent('scroll', { detail: { scrollTop: 0, scrollHeight: 50_000 } })
  await flush()
  for (let index = MAX_WINDOW; index < MAX_WINDOW + 40; index += 1) {
    deliver(message(index, { flow: 'in', from: PEER }))
    await flush()
  }
  expect(rowIDs(page).length).toBeLessThanOrEqual(MAX_WINDOW)
  expect(rowIDs(page)[0]).toBe('msg-0')
  expect(page.querySelector('#load-newer')).toBeDefined()
  expect(page.querySelector('#new-messages-pill')?.dom?.textContent).toBe('40 条新消息')
})

test('a message that arrives while scrolled up shows the new-messages pill instead of scrolling', async () => {
  loadHistory(100)
  page = openChat()
  await flush()
  page.querySelector('#message-list')!.dispatchEvent('scroll', {
    detail: { scrollTop: 0, scrollHeight: 5_000 },
  })
  await flush()
  deliver(message(100), message(102))
  await flush()
  const pill = page.querySelector('#new-messages-pill')
  expect(pill?.dom?.textContent).toBe('2 条新消息')
  expect(page.data.scrollIntoView).not.toBe('m-msg-102')

  pill!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#new-messages-pill')).toBeUndefined()
  expect(page.data.scrollIntoView).toBe('m-msg-102')
  expect(im.markConversationRead).toHaveBeenCalledWith(CONVERSATION)
})

test('scrolling to the top grows the window by a page and keeps the old top message in view', async () => {
  loadHistory(100)
  page = openChat()
  await flush()
  const topBefore = rowIDs(page)[0]
  page.querySelector('#message-list')!.dispatchEvent('scrolltoupper')
  await flush()
  const ids = rowIDs(page)
  expect(ids).toHaveLength(INITIAL_WINDOW + 15)
  expect(ids[15]).toBe(topBefore)
  expect(page.data.scrollIntoView).toBe(`m-${topBefore}`)
})

test('deep paging keeps at most MAX_WINDOW rows and a tap brings the newest messages back', async () => {
  loadHistory(300)
  page = openChat()
  await flush()
  const list = page.querySelector('#message-list')!
  for (let i = 0; i < 8; i += 1) {
    const topBefore = rowIDs(page)[0]
    list.dispatchEvent('scrolltoupper')
    await flush()
    expect(rowIDs(page)).toContain(topBefore)
  }
  const ids = rowIDs(page)
  expect(ids).toHaveLength(MAX_WINDOW)
  expect(ids[ids.length - 1]).not.toBe('msg-299')
  expect(countNodes(page)).toBeLessThanOrEqual(1_000)
  expect(page.querySelector('#load-newer')).toBeDefined()

  // Scroll events at the bottom of a trimmed window do not move it; new messages only raise the pill.
  list.dispatchEvent('scrolltolower')
  deliver(message(300))
  await flush()
  expect(rowIDs(page)).toEqual(ids)
  expect(page.querySelector('#new-messages-pill')?.dom?.textContent).toBe('1 条新消息')

  page.querySelector('#load-newer')!.dispatchEvent('tap')
  await flush()
  const latest = rowIDs(page)
  expect(latest).toHaveLength(INITIAL_WINDOW)
  expect(latest[latest.length - 1]).toBe('msg-300')
  expect(page.querySelector('#load-newer')).toBeUndefined()
  expect(page.querySelector('#new-messages-pill')).toBeUndefined()
})

test('a message landing between others keeps the window where the user is reading', async () => {
  loadHistory(100)
  page = openChat()
  await flush()
  const list = page.querySelector('#message-list')!
  list.dispatchEvent('scrolltoupper')
  await flush()
  list.dispatchEvent('scrolltoupper')
  await flush()
  const before = rowIDs(page)
  expect(before[0]).toBe('msg-40')
  // Arrives late with an earlier timestamp: the store rebuilds the list (a 'reset' change).
  runInAction(() =>
    chatStore.upsertMessages(CONVERSATION, [
      message(51, { id: 'late', time: BASE_TIME + 50 * 60_000 + 30_000 }),
    ]),
  )
  await flush()
  const after = rowIDs(page)
  expect(after[0]).toBe('msg-40')
  expect(after).toContain('late')
  expect(after[after.length - 1]).toBe('msg-99')
  expect(after).toHaveLength(before.length + 1)
})

test('at the top of what is loaded, scrolling up loads the next page from IM', async () => {
  loadHistory(10)
  const loadMore = jest.spyOn(im, 'loadMoreMessages').mockImplementation(async () => {
    const older = Array.from({ length: 15 }, (_, index) => message(-15 + index))
    runInAction(() => chatStore.prependHistory(CONVERSATION, older, '', true))
  })
  page = openChat()
  await flush()
  page.querySelector('#message-list')!.dispatchEvent('scrolltoupper')
  await flush()
  expect(loadMore).toHaveBeenCalledWith(CONVERSATION)
  expect(rowIDs(page)).toHaveLength(25)
  expect(page.data.scrollIntoView).toBe('m-msg-0')
  expect(page.querySelector('#history-end')?.dom?.textContent).toBe('没有更早的消息了')
})

test('the rows of a loaded history page and the removal of the loading hint land in one setData', async () => {
  loadHistory(10)
  let finishLoad: () => void = () => undefined
  jest.spyOn(im, 'loadMoreMessages').mockImplementation(
    () =>
      new Promise<void>((resolve) => {
        finishLoad = () => {
          const older = Array.from({ length: 15 }, (_, index) => message(-15 + index))
          runInAction(() => chatStore.prependHistory(CONVERSATION, older, 'cursor-older', false))
          resolve()
        }
      }),
  )
  page = openChat()
  await flush()
  page.querySelector('#message-list')!.dispatchEvent('scrolltoupper')
  await flush()
  expect(page.querySelector('#history-loading')?.dom?.textContent).toBe('加载中…')

  // After every setData: once the grown rows are rendered, the hint above them must be gone already,
  // or removing it later slides the kept top row up by the hint's height (scroll-view has no anchoring).
  const rendered: { keys: string[]; rows: number; hint: boolean }[] = []
  const originalSetData = page.instance.setData
  page.instance.setData = function (data, callback) {
    const result = originalSetData.call(this, data, callback)
    rendered.push({
      keys: Object.keys(data),
      rows: rowIDs(page).length,
      hint: Boolean(page.querySelector('#history-loading')),
    })
    return result
  }
  finishLoad()
  await flush()

  const grown = rendered.filter((call) => call.keys.includes('items'))
  expect(grown).toHaveLength(1)
  expect(grown[0]!.keys).toEqual(
    expect.arrayContaining(['items', 'scrollIntoView', 'loadingOlder']),
  )
  expect(rendered.every((call) => call.rows === 10 || !call.hint)).toBe(true)
  expect(rendered).toHaveLength(1)
  expect(rowIDs(page)).toHaveLength(25)
  expect(page.data.scrollIntoView).toBe('m-msg-0')
  expect(page.data.loadingOlder).toBe(false)
  expect(page.querySelector('#history-end')).toBeUndefined()
})

test('an empty or failed history load takes the loading hint away', async () => {
  loadHistory(10)
  const toast = jest.spyOn(wx, 'showToast')
  jest
    .spyOn(im, 'loadMoreMessages')
    .mockImplementationOnce(async () => {
      runInAction(() => chatStore.prependHistory(CONVERSATION, [], '', true))
    })
    .mockRejectedValueOnce(new Error('网络不可用'))
  page = openChat()
  await flush()
  const list = page.querySelector('#message-list')!
  list.dispatchEvent('scrolltoupper')
  await flush()
  expect(page.querySelector('#history-loading')).toBeUndefined()
  expect(page.querySelector('#history-end')?.dom?.textContent).toBe('没有更早的消息了')
  expect(im.loadMoreMessages).toHaveBeenCalledTimes(1)

  runInAction(() => chatStore.prependHistory(CONVERSATION, [], 'cursor-more', false))
  list.dispatchEvent('scrolltoupper')
  await flush()
  expect(im.loadMoreMessages).toHaveBeenCalledTimes(2)
  expect(page.querySelector('#history-loading')).toBeUndefined()
  expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不可用' }))
  expect(rowIDs(page)).toHaveLength(10)
})

test('time separators appear only after gaps of more than five minutes', async () => {
  const views = [
    message(0, { time: BASE_TIME }),
    message(1, { time: BASE_TIME + 4 * 60_000 }),
    message(2, { time: BASE_TIME + 10 * 60_000 }),
  ]
  runInAction(() => chatStore.prependHistory(CONVERSATION, views, '', true))
  page = openChat()
  await flush()
  const separators = ['msg-0', 'msg-1', 'msg-2'].map((id) =>
    Boolean(page.querySelector(`#m-${id} .time-separator`)),
  )
  expect(separators).toEqual([true, false, true])
})

test('own messages show sending, read state, and a failed one resends on tap', async () => {
  const resend = jest.spyOn(im, 'resend').mockImplementation(async () => message(1))
  runInAction(() =>
    chatStore.prependHistory(
      CONVERSATION,
      [
        message(1, { status: 'sent', isRead: true }),
        message(3, { status: 'sent', isRead: false }),
        message(5, { status: 'sending' }),
        message(7, { status: 'failed' }),
      ],
      '',
      true,
    ),
  )
  page = openChat()
  await flush()
  const statuses = page.querySelectorAll('.message-status')
  expect(statuses.map((node) => node.dom?.textContent)).toEqual([
    '已读',
    '未读',
    '发送中',
    '发送失败，点击重发',
  ])
  statuses[1]!.dispatchEvent('tap')
  await flush()
  expect(resend).not.toHaveBeenCalled()
  statuses[3]!.dispatchEvent('tap')
  await flush()
  expect(resend).toHaveBeenCalledWith('msg-7')

  const recorder = recordSetData(page)
  runInAction(() => chatStore.upsertMessages(CONVERSATION, [message(3, { isRead: true })]))
  await flush()
  expect(recorder.calls).toEqual([{ keys: ['items[1]'], bytes: expect.any(Number) }])
  expect(page.querySelectorAll('.message-status')[1]!.dom?.textContent).toBe('已读')
})

test('typing and tapping send forwards the text to IM and clears the input', async () => {
  const sendText = jest.spyOn(im, 'sendText').mockImplementation(async () => message(9))
  page = openChat()
  await flush()
  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: '  你好  ' } })
  await flush()
  page.querySelector('#send-button')!.dispatchEvent('tap')
  await flush()
  expect(sendText).toHaveBeenCalledWith(PEER, '你好')
  expect(page.data.draft).toBe('')
})

test('long-press offers recall only for own messages younger than two minutes', async () => {
  const now = Date.now()
  runInAction(() =>
    chatStore.prependHistory(
      CONVERSATION,
      [
        message(1, { time: now - 30_000 }),
        message(3, { time: now - 3 * 60_000, id: 'old-own' }),
        message(4, { time: now - 10_000, id: 'theirs' }),
      ].sort((a, b) => a.time - b.time),
      '',
      true,
    ),
  )
  const revoke = jest.spyOn(im, 'revoke').mockResolvedValue(undefined)
  const sheets: string[][] = []
  jest.spyOn(wx, 'showActionSheet').mockImplementation((options) => {
    sheets.push(options.itemList)
    options.success?.({ tapIndex: options.itemList.indexOf('撤回'), errMsg: 'ok' })
    return undefined as never
  })
  page = openChat()
  await flush()
  page.querySelector('#m-msg-1')!.dispatchEvent('longpress')
  page.querySelector('#m-old-own')!.dispatchEvent('longpress')
  page.querySelector('#m-theirs')!.dispatchEvent('longpress')
  await flush()
  expect(sheets).toEqual([
    ['复制', '引用', '转发', '删除', '撤回'],
    ['复制', '引用', '转发', '删除'],
    ['复制', '引用', '转发', '删除', '举报'],
  ])
  expect(revoke).toHaveBeenCalledTimes(1)
  expect(revoke).toHaveBeenCalledWith('msg-1')
})

test('举报 on a long-pressed message of the peer opens the report page about that message', async () => {
  runInAction(() =>
    chatStore.prependHistory(CONVERSATION, [message(4, { id: 'theirs' })], '', true),
  )
  jest.spyOn(wx, 'showActionSheet').mockImplementation((options) => {
    options.success?.({ tapIndex: options.itemList.indexOf('举报'), errMsg: 'ok' })
    return undefined as never
  })
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never)
  page = openChat()
  await flush()
  page.querySelector('#m-theirs')!.dispatchEvent('longpress')
  await flush()
  expect(navigateTo).toHaveBeenCalledWith({
    url: `/package-me/pages/report/index?userID=${PEER}&messageID=theirs`,
  })
})

test('the input bar moves up with the keyboard', async () => {
  page = openChat()
  await flush()
  page.querySelector('#message-input')!.dispatchEvent('keyboardheightchange', {
    detail: { height: 300, duration: 0.2 },
  })
  await flush()
  expect(page.data.keyboardHeight).toBe(300)
  expect(page.querySelector('.chat')?.dom?.getAttribute('style')).toContain('padding-bottom: 300px')
})

test('choosing a picture sends it through IM; the privacy panel shows when the platform asks', async () => {
  const sendImage = jest.spyOn(im, 'sendImage').mockImplementation(async () => message(11))
  let privacyListener: ((resolve: (result: object) => void) => void) | undefined
  const wxGlobal = wx as unknown as Record<string, unknown>
  wxGlobal.onNeedPrivacyAuthorization = (listener: typeof privacyListener) => {
    privacyListener = listener
  }
  // Consent is still missing, but the chat only asks when the platform does.
  wxGlobal.getPrivacySetting = (options: { success: (setting: object) => void }) =>
    options.success({ needAuthorization: true, privacyContractName: '《隐私保护指引》' })
  const resolvePrivacy = jest.fn()
  jest.spyOn(wx, 'chooseMedia').mockImplementation((options) => {
    // The platform holds a privacy-protected call until the user answers.
    privacyListener!(resolvePrivacy)
    options.success?.({
      tempFiles: [
        { tempFilePath: 'wxfile://tmp/photo.jpg', size: 52_000, fileType: 'image' },
      ] as WechatMiniprogram.MediaFile[],
      type: 'image',
      errMsg: 'chooseMedia:ok',
    })
    return undefined as never
  })
  page = openChat()
  await flush()
  expect(page.querySelector('#privacy-panel')).toBeUndefined()
  page.querySelector('#more-button')!.dispatchEvent('tap')
  await flush()
  page.querySelector('#more-panel')!.querySelector('#image-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#more-panel')).toBeUndefined()
  expect(page.querySelector('#privacy-panel')).toBeDefined()
  page.querySelector('#agree-privacy-button')!.dispatchEvent('agreeprivacyauthorization')
  await flush()
  expect(resolvePrivacy).toHaveBeenCalledWith({ event: 'agree', buttonId: 'agree-privacy-button' })
  expect(page.querySelector('#privacy-panel')).toBeUndefined()
  expect(sendImage).toHaveBeenCalledWith(PEER, 'wxfile://tmp/photo.jpg', 52_000)
  delete wxGlobal.onNeedPrivacyAuthorization
  delete wxGlobal.getPrivacySetting
})

test('the page’s notify callback is current only while it is shown: onHide and onUnload restore the previous one', async () => {
  const before = jest.fn()
  const restoreBefore = im.setMessageNotify(before)
  page = openChat()
  await flush()
  expect(currentNotify()).not.toBe(before)
  ;(page.instance.onHide as () => void)()
  expect(currentNotify()).toBe(before)
  ;(page.instance.onShow as () => void)()
  expect(currentNotify()).not.toBe(before)
  ;(page.instance.onUnload as () => void)()
  expect(currentNotify()).toBe(before)
  restoreBefore()
})

test('incoming messages are marked read only while the page is shown; showing it again reads and reveals them', async () => {
  loadHistory(10)
  page = openChat()
  await flush()
  ;(im.markConversationRead as jest.Mock).mockClear()
  deliver(message(10))
  await flush()
  expect(im.markConversationRead).toHaveBeenCalledTimes(1)

  ;(page.instance.onHide as () => void)()
  ;(im.markConversationRead as jest.Mock).mockClear()
  deliver(message(12))
  await flush()
  expect(im.markConversationRead).not.toHaveBeenCalled()
  expect(rowIDs(page).slice(-1)).toEqual(['msg-12'])

  ;(page.instance.onShow as () => void)()
  await flush()
  expect(im.markConversationRead).toHaveBeenCalledWith(CONVERSATION)
  expect(page.data.scrollIntoView).toBe('m-msg-12')
})

test('a send that fails before a message exists puts the text back; a failed message does not', async () => {
  const sendText = jest
    .spyOn(im, 'sendText')
    .mockRejectedValueOnce(new ImError(AppErrorCode.READY_TIMEOUT))
    .mockRejectedValueOnce(new ImError(2801, '', '请求超时', 'msg-failed'))
  page = openChat()
  await flush()
  const input = page.querySelector('#message-input')!
  input.dispatchEvent('input', { detail: { value: '第一次' } })
  page.querySelector('#send-button')!.dispatchEvent('tap')
  await flush()
  expect(page.data.draft).toBe('第一次')

  input.dispatchEvent('input', { detail: { value: '第二次' } })
  page.querySelector('#send-button')!.dispatchEvent('tap')
  await flush()
  expect(sendText).toHaveBeenCalledTimes(2)
  expect(page.data.draft).toBe('')
})

test('what is typed stays with the conversation as a draft when the user leaves, and comes back with it', async () => {
  page = openChat()
  await flush()
  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: '明天见' } })
  await flush()
  ;(page.instance.onUnload as () => void)()
  page.detach()
  expect(draftStore.draftOf(CONVERSATION)).toBe('明天见')

  page = openChat()
  await flush()
  expect(page.data.draft).toBe('明天见')
  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: '' } })
  await flush()
  ;(page.instance.onHide as () => void)()
  expect(draftStore.draftOf(CONVERSATION)).toBe('')
})

test('a text over the byte limit is flagged on input, cannot be sent, and keeps its text', async () => {
  const sendText = jest.spyOn(im, 'sendText')
  page = openChat()
  await flush()
  // 4,001 Chinese characters: 12,003 bytes in UTF-8, under the input's character cap.
  const long = '好'.repeat(4_001)
  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: long } })
  await flush()
  expect(page.querySelector('#draft-too-long')?.dom?.textContent).toContain('12000 字节')
  expect(page.data.draftTooLong).toBe(true)
  ;(page.instance.onTapSend as () => Promise<void>)()
  await flush()
  expect(sendText).not.toHaveBeenCalled()
  expect(page.data.draft).toBe(long)

  page
    .querySelector('#message-input')!
    .dispatchEvent('input', { detail: { value: '好'.repeat(4_000) } })
  await flush()
  expect(page.querySelector('#draft-too-long')).toBeUndefined()
})

test('the privacy listener belongs to the page shown last, registered again on each show', async () => {
  const wxGlobal = wx as unknown as Record<string, unknown>
  let listener: ((resolve: (result: object) => void) => void) | undefined
  wxGlobal.onNeedPrivacyAuthorization = (next: typeof listener) => {
    listener = next
  }
  const first = openChat()
  const second = openChat()
  await flush()
  // Back from the second page to the first: the first registers again.
  ;(second.instance.onHide as () => void)()
  ;(first.instance.onShow as () => void)()
  listener!(() => undefined)
  await flush()
  expect(first.querySelector('#privacy-panel')).toBeDefined()
  expect(second.querySelector('#privacy-panel')).toBeUndefined()
  first.detach()
  second.detach()
  delete wxGlobal.onNeedPrivacyAuthorization
})
