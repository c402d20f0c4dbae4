/**
 * @jest-environment ./__tests__/support/node-dom-environment.js
 *
 * The chat's "+" panel on the real page and the real SDK, bob's real SDK on the other side: a video picked
 * with chooseMedia and a file picked with chooseMessageFile (the platform's pickers answer with the harness's
 * real temp files) are uploaded with their progress set by path on their own row, reach bob, and play / open
 * on the sender's phone; a file over Tencent's 100 MB is refused with the reason and nothing is sent.
 */
import {
  flush,
  loadSimulate,
  recordSetData,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { mp4File, onePagePdf, PNG } from '@tim-c2c/local-im/testing/media-fixtures'
import { auth } from '../../../../flows/auth'
import { FILE_MAX_BYTES, FILE_TOO_BIG } from '../../../../im/attachments'
import { api } from '../../../../services/api'
import { chatStore } from '../../../../stores/index'
import { resetPhone, watchSession } from '../../../../__tests__/support/app'
import {
  startStack,
  waitFor,
  wxShim,
  type SdkUser,
  type Stack,
} from '../../../../__tests__/support/stack'

jest.setTimeout(120_000)

const harnessWx = wxShim().wx
loadSimulate()
Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, harnessWx)
const wxGlobal = wx as unknown as Record<string, unknown>

let stack: Stack
let bob: SdkUser
let page: RenderedComponent | undefined

beforeAll(async () => {
  stack = await startStack()
  watchSession()
  await api.devLogin('alice')
  bob = await stack.peer('bob')
  await auth.loginAsDevUser('alice')
})

afterEach(() => jest.restoreAllMocks())

afterAll(async () => {
  page?.detach()
  await resetPhone()
  await stack.close()
})

function openChat(): RenderedComponent {
  const rendered = renderComponent('package-chat/pages/chat/index')
  ;(rendered.instance.onLoad as (query: object) => void)({ peerID: 'bob' })
  ;(rendered.instance.onShow as () => void)()
  return rendered
}

async function openPanelAndPick(id: string): Promise<void> {
  page!.querySelector('#more-button')!.dispatchEvent('tap')
  await flush()
  page!.querySelector('#more-panel')!.querySelector(`#${id}`)!.dispatchEvent('tap')
  await flush()
}

/** The platform's picker answers once with `result` (and records what the app asked for). */
function pickerAnswers(name: 'chooseMedia' | 'chooseMessageFile', result: object): object[] {
  const asked: object[] = []
  wxGlobal[name] = (options: { success?: (result: object) => void }) => {
    asked.push(options)
    options.success?.({ ...result, errMsg: `${name}:ok` })
  }
  return asked
}

function rowIndex(messageID: string): number {
  return (page!.data.items as { id: string }[]).findIndex((row) => row.id === messageID)
}

const progressKeys = (recorder: ReturnType<typeof recordSetData>) =>
  recorder.calls.flatMap((call) => call.keys).filter((key) => key.endsWith('.progress'))

test('"+" opens 图片 / 视频 / 文件 in place of the emoji panel (and closes); a video uploads with its progress on its row, reaches bob and plays', async () => {
  page = openChat()
  await flush()
  page.querySelector('#emoji-button')!.dispatchEvent('tap')
  await flush()
  page.querySelector('#more-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#emoji-panel')).toBeUndefined()
  const panel = page.querySelector('#more-panel')!
  const items = ['#image-button', '#video-button', '#file-button'].map(
    (id) => panel.querySelector(id)!.dom!,
  )
  expect(items.map((item) => item.textContent?.trim())).toEqual(['图片', '视频', '文件'])
  page.querySelector('#more-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#more-panel')).toBeUndefined()

  const mp4 = mp4File(40_000)
  const tempFilePath = wxShim().createTempFile(mp4, 'mp4', 'device')
  const asked = pickerAnswers('chooseMedia', {
    type: 'video',
    tempFiles: [
      {
        tempFilePath,
        size: mp4.length,
        duration: 12.6,
        width: 720,
        height: 1280,
        fileType: 'video',
        thumbTempFilePath: wxShim().createTempFile(PNG, 'png', 'device'),
      },
    ],
  })
  const before = chatStore.messagesOf('C2Cbob').length
  const recorder = recordSetData(page)
  await openPanelAndPick('video-button')
  expect(asked[0]).toMatchObject({
    count: 1,
    mediaType: ['video'],
    sourceType: ['album', 'camera'],
    maxDuration: 60,
  })
  await waitFor(() => chatStore.messagesOf('C2Cbob')[before]?.status === 'sent', 'the video sent')
  const sent = chatStore.messagesOf('C2Cbob')[before]!
  expect(sent).toMatchObject({ type: 'video', flow: 'out' })
  await flush()
  const index = rowIndex(sent.id)
  expect(progressKeys(recorder)).toContain(`items[${index}].progress`)
  expect(recorder.calls.every((call) => call.keys.every((key) => key !== 'items'))).toBe(true)
  const bubble = page.querySelector(
    `#m-${sent.id.replace(/[^A-Za-z0-9_-]/g, '_')} .message-content`,
  )!
  expect(bubble.querySelector('.video__duration')!.dom!.textContent).toBe('0:13')
  await bob.waitForEvent('onMessageReceived', (data) =>
    (data as { ID: string }[]).some((message) => message.ID === sent.id),
  )

  // Her own video plays from the file she picked.
  bubble.querySelector('.video')!.dispatchEvent('tap')
  await flush()
  expect(page.data.videoUrl).toBe(tempFilePath)
  expect(page.querySelector('#video-player')).toBeDefined()
  page.querySelector('#video-close')!.dispatchEvent('tap')
  await flush()
  page.detach()
  page = undefined
})

test('a file from a WeChat chat shows name, size and type icon, uploads with progress, reaches bob and opens on the sender’s phone', async () => {
  page = openChat()
  await flush()
  const pdf = onePagePdf('发票')
  const path = wxShim().createTempFile(pdf, 'pdf', 'device')
  const asked = pickerAnswers('chooseMessageFile', {
    tempFiles: [{ path, size: pdf.length, name: '发票.pdf', type: 'file', time: 1 }],
  })
  const before = chatStore.messagesOf('C2Cbob').length
  const recorder = recordSetData(page)
  await openPanelAndPick('file-button')
  expect(asked[0]).toMatchObject({ count: 1, type: 'file' })
  await waitFor(() => chatStore.messagesOf('C2Cbob')[before]?.status === 'sent', 'the file sent')
  const sent = chatStore.messagesOf('C2Cbob')[before]!
  await flush()
  expect(progressKeys(recorder)).toContain(`items[${rowIndex(sent.id)}].progress`)
  const bubble = page.querySelector(
    `#m-${sent.id.replace(/[^A-Za-z0-9_-]/g, '_')} .message-content`,
  )!
  expect(bubble.querySelector('.file__name')!.dom!.textContent).toBe('发票.pdf')
  expect(bubble.querySelector('.file__size')!.dom!.textContent).toBe(`${pdf.length} B`)
  expect(bubble.querySelector('.file__label')!.dom!.textContent).toBe('PDF')
  expect(bubble.querySelector('.file__icon')!.dom!.className).toContain('file__icon--PDF')
  await bob.waitForEvent('onMessageReceived', (data) =>
    (data as { ID: string }[]).some((message) => message.ID === sent.id),
  )

  const opened: string[] = []
  jest.spyOn(wx, 'openDocument').mockImplementation((options) => {
    opened.push(options.filePath)
    return Promise.resolve({ errMsg: 'openDocument:ok' }) as never
  })
  bubble.querySelector('.file')!.dispatchEvent('tap')
  await waitFor(() => opened.length === 1, 'her own file opened')
  expect(wxShim().readFile(opened[0]!).equals(pdf)).toBe(true)
  page.detach()
  page = undefined
})

test('a file over Tencent’s 100 MB is refused with the reason: no row, nothing sent', async () => {
  page = openChat()
  await flush()
  const size = FILE_MAX_BYTES + 1
  const path = wxShim().createTempFile(Buffer.alloc(size), 'zip', 'device')
  pickerAnswers('chooseMessageFile', {
    tempFiles: [{ path, size, name: '全部照片.zip', type: 'file', time: 1 }],
  })
  const toasts: string[] = []
  jest.spyOn(wx, 'showToast').mockImplementation((options) => {
    toasts.push(options.title)
    return Promise.resolve({ errMsg: 'showToast:ok' }) as never
  })
  const before = chatStore.messagesOf('C2Cbob').length
  await openPanelAndPick('file-button')
  await waitFor(() => toasts.length > 0, 'the refusal shown')
  expect(toasts).toEqual([FILE_TOO_BIG])
  expect(chatStore.messagesOf('C2Cbob')).toHaveLength(before)
  page.detach()
  page = undefined
})
