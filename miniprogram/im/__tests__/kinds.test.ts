/** Every message kind a peer's real SDK sends reaches the app's stores as a view, with its list preview. */
import { mp4File, onePagePdf, silentMp3 } from '@tim-c2c/local-im/testing/media-fixtures'
import { api } from '../../services/api'
import { chatStore, conversationStore } from '../../stores/index'
import { im } from '../index'
import { startStack, waitFor, type SdkUser, type Stack } from '../../__tests__/support/stack'

// Uploads through the plugin on a busy machine.
jest.setTimeout(120_000)

let stack: Stack
let bob: SdkUser

beforeAll(async () => {
  stack = await startStack()
  await im.login(await api.devLogin('alice'))
  bob = await stack.peer('bob')
})

afterAll(async () => {
  await im.logout()
  await stack.close()
})

const to = { to: 'alice', conversationType: 'C2C' }

/** Bob sends `message`; resolves with alice's view of it once her list shows it last. */
async function bobSends(make: (tim: SdkUser['tim']) => unknown) {
  const sent = await bob.tim.sendMessage(make(bob.tim))
  const id = sent.data.message.ID as string
  await waitFor(() => chatStore.findMessage(id) !== undefined, `message ${id} in chatStore`)
  return chatStore.findMessage(id)!
}

async function previewBecomes(preview: string): Promise<void> {
  await waitFor(() => conversationStore.byID('C2Cbob')?.preview === preview, `preview ${preview}`)
}

test('voice, video and file arrive with their media and preview as [语音] [视频] [文件]', async () => {
  const mp3 = silentMp3(3.2)
  const voice = await bobSends((tim) =>
    tim.createAudioMessage({
      ...to,
      payload: {
        file: {
          tempFilePath: bob.wx.createTempFile(mp3, 'mp3'),
          duration: 3200,
          fileSize: mp3.length,
        },
      },
    }),
  )
  expect(voice).toMatchObject({ type: 'sound', text: '[语音]', flow: 'in' })
  expect(voice.media).toMatchObject({ seconds: 3, size: mp3.length })
  expect(voice.media?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//)
  await previewBecomes('[语音]')

  const mp4 = mp4File(20_000)
  const video = await bobSends((tim) =>
    tim.createVideoMessage({
      ...to,
      payload: {
        file: {
          tempFiles: [
            {
              tempFilePath: bob.wx.createTempFile(mp4, 'mp4'),
              duration: 6,
              size: mp4.length,
              width: 720,
              height: 1280,
            },
          ],
        },
      },
    }),
  )
  expect(video).toMatchObject({ type: 'video', text: '[视频]' })
  expect(video.media).toMatchObject({ seconds: 6, size: mp4.length })
  await previewBecomes('[视频]')

  const pdf = onePagePdf('report')
  const file = await bobSends((tim) =>
    tim.createFileMessage({
      ...to,
      payload: {
        file: {
          tempFiles: [
            // wx.chooseMessageFile's tempFiles entry.
            {
              path: bob.wx.createTempFile(pdf, 'pdf'),
              size: pdf.length,
              name: '季度报告.pdf',
              type: 'file',
              time: 1,
            },
          ],
        },
      },
    }),
  )
  expect(file).toMatchObject({ type: 'file', text: '[文件]' })
  expect(file.media).toMatchObject({ name: '季度报告.pdf', size: pdf.length })
  await previewBecomes('[文件]')
})

test('a card, a face, and custom messages the app does not know (or cannot parse) never crash', async () => {
  const card = await bobSends((tim) =>
    tim.createCustomMessage({
      ...to,
      payload: {
        data: JSON.stringify({ businessID: 'user_card', userID: 'carol', nick: '卡罗尔' }),
        description: '[名片]',
        extension: '',
      },
    }),
  )
  expect(card).toMatchObject({ type: 'card', text: '[名片]' })
  expect(card.card).toEqual({ userID: 'carol', nick: '卡罗尔', avatar: '' })
  await previewBecomes('[名片]')

  const face = await bobSends((tim) =>
    tim.createFaceMessage({ ...to, payload: { index: 3, data: 'tt03' } }),
  )
  expect(face).toMatchObject({ type: 'face', text: '[表情]' })
  await previewBecomes('[表情]')

  for (const data of [
    'not json at all',
    '{"businessID":"user_card"}',
    '{"businessID":"order","orderID":7}',
    'null',
  ]) {
    const other = await bobSends((tim) =>
      tim.createCustomMessage({ ...to, payload: { data, description: '订单', extension: '' } }),
    )
    expect(other).toMatchObject({ type: 'custom', text: '[自定义消息]' })
    expect(other.card).toBeUndefined()
    await previewBecomes('[自定义消息]')
  }
})
