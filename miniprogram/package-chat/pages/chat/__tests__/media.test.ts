/**
 * @jest-environment ./__tests__/support/node-dom-environment.js
 *
 * File and card bubbles on the real chat page, with messages a peer's real SDK sent through the local IM: a
 * tapped PDF downloads (the same bytes, progress on the bubble) and opens with wx.openDocument; a type it does
 * not open offers 保存 / 转发; a card offers 发消息 / 添加好友. The platform's document viewer and sheets are
 * simulate's; downloads are the harness wx's real HTTP.
 */
import {
  flush,
  loadSimulate,
  recordSetData,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { onePagePdf } from '@tim-c2c/local-im/testing/media-fixtures'
import { auth } from '../../../../flows/auth'
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

/** Bob sends a file as wx.chooseMessageFile hands it over; resolves with its message ID. */
async function bobSendsFile(bytes: Buffer, name: string): Promise<string> {
  const extension = name.slice(name.lastIndexOf('.') + 1)
  const sent = await bob.tim.sendMessage(
    bob.tim.createFileMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: {
        file: {
          tempFiles: [
            {
              path: bob.wx.createTempFile(bytes, extension),
              size: bytes.length,
              name,
              type: 'file',
              time: 1,
            },
          ],
        },
      },
    }),
  )
  return sent.data.message.ID as string
}

function bubble(messageID: string): RenderedComponent {
  const node = page!.querySelector(
    `#m-${messageID.replace(/[^A-Za-z0-9_-]/g, '_')} .message-content`,
  )
  if (!node) throw new Error(`no bubble for ${messageID}`)
  return node
}

test('a PDF downloads with progress on its bubble and opens; a zip offers 保存 / 转发; a card 添加好友', async () => {
  const pdf = onePagePdf('季度报告')
  const pdfID = await bobSendsFile(pdf, '季度报告.pdf')
  const zipID = await bobSendsFile(Buffer.from('PK\u0003\u0004 not much of an archive'), '资料.zip')
  await bob.tim.sendMessage(
    bob.tim.createCustomMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: {
        data: JSON.stringify({
          businessID: 'user_card',
          version: 1,
          userID: 'carol',
          nick: '卡罗尔',
        }),
        description: '[名片]',
        extension: '',
      },
    }),
  )
  await waitFor(() => chatStore.messagesOf('C2Cbob').length === 3, 'three messages')
  page = openChat()
  await waitFor(() => (page!.data.items as unknown[]).length === 3, 'three rows')
  await flush()

  const file = bubble(pdfID).querySelector('.file')!
  expect(file.dom?.textContent).toContain('季度报告.pdf')
  expect(bubble(pdfID).querySelector('.file__icon')?.dom?.textContent).toBe('PDF')

  const opened: { filePath: string; fileType: string }[] = []
  jest.spyOn(wx, 'openDocument').mockImplementation((options) => {
    opened.push({ filePath: options.filePath, fileType: String(options.fileType) })
    return Promise.resolve({ errMsg: 'openDocument:ok' }) as never
  })
  const recorder = recordSetData(page)
  file.dispatchEvent('tap')
  await waitFor(() => opened.length === 1, 'the document opened')
  expect(opened[0]!.fileType).toBe('pdf')
  expect(wxShim().readFile(opened[0]!.filePath).equals(pdf)).toBe(true)
  const progress = recorder.calls
    .flatMap((call) => call.keys)
    .filter((key) => key.endsWith('.progress'))
  expect(progress.length).toBeGreaterThanOrEqual(2)

  const shared: string[] = []
  jest.spyOn(wx, 'showActionSheet').mockImplementation((options) => {
    options.success?.({ tapIndex: 1, errMsg: 'showActionSheet:ok' })
    return Promise.resolve({ tapIndex: 1, errMsg: 'showActionSheet:ok' }) as never
  })
  jest.spyOn(wx, 'shareFileMessage').mockImplementation((options) => {
    shared.push(options.fileName ?? '')
    return Promise.resolve({ errMsg: 'shareFileMessage:ok' }) as never
  })
  bubble(zipID).querySelector('.file')!.dispatchEvent('tap')
  await waitFor(() => shared.length === 1, 'the zip forwarded')
  expect(shared).toEqual(['资料.zip'])
  expect(opened).toHaveLength(1)

  const cardID = chatStore.messagesOf('C2Cbob').find((m) => m.type === 'card')!.id
  const card = bubble(cardID).querySelector('.card')!
  expect(card.dom?.textContent).toContain('卡罗尔')
  const added = jest.spyOn(api, 'addFriend')
  jest.spyOn(wx, 'showActionSheet').mockImplementation((options) => {
    options.success?.({ tapIndex: 1, errMsg: 'showActionSheet:ok' })
    return Promise.resolve({ tapIndex: 1, errMsg: 'showActionSheet:ok' }) as never
  })
  card.dispatchEvent('tap')
  await waitFor(() => added.mock.calls.length === 1, 'carol added')
  expect(added).toHaveBeenCalledWith('carol')
})
