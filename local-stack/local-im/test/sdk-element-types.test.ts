/** What the real SDK sends for each element type passes validation and reaches the peer. */
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers } from '../testing'
import { startTestIm } from './helpers'
import { PNG, mp4File, onePagePdf, silentMp3 } from '../testing/media-fixtures'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm()
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im.close()
})

type Received = { type: string; payload: Record<string, unknown> }

test('every element type the real SDK creates passes validation and reaches the peer', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  // What the mini-program APIs hand over: WeChat temp files.
  const png = PNG
  const photo = alice.wx.createTempFile(png, 'png')
  const voice = alice.wx.createTempFile(silentMp3(3.2), 'mp3')
  const clip = alice.wx.createTempFile(mp4File(5000), 'mp4')
  const doc = alice.wx.createTempFile(onePagePdf('doc'), 'pdf')
  const t = alice.tim
  const to = { to: 'bob', conversationType: 'C2C' }
  const sent: unknown[] = []
  const messages = {
    text: () => t.createTextMessage({ ...to, payload: { text: 'hi' }, cloudCustomData: '{"a":1}' }),
    image: () =>
      t.createImageMessage({
        ...to,
        payload: {
          file: { tempFilePaths: [photo], tempFiles: [{ path: photo, size: png.length }] },
        },
      }),
    // RecorderManager's onStop result.
    audio: () =>
      t.createAudioMessage({
        ...to,
        payload: { file: { tempFilePath: voice, duration: 3200, fileSize: 2000 } },
      }),
    // chooseVideo's result.
    video: () =>
      t.createVideoMessage({
        ...to,
        payload: {
          file: { tempFilePath: clip, duration: 4, size: 5000, width: 320, height: 240 },
        },
      }),
    // chooseMessageFile's result.
    file: () =>
      t.createFileMessage({
        ...to,
        payload: {
          file: { tempFiles: [{ path: doc, size: 3000, name: 'doc.pdf', type: 'file', time: 1 }] },
        },
      }),
    face: () => t.createFaceMessage({ ...to, payload: { index: 1, data: 'tt01' } }),
    custom: () =>
      t.createCustomMessage({ ...to, payload: { data: 'd', description: 'x', extension: 'e' } }),
    location: () =>
      t.createLocationMessage({
        ...to,
        payload: { description: 'here', longitude: 116.3, latitude: 39.9 },
      }),
    merger: () =>
      t.createMergerMessage({
        ...to,
        payload: {
          messageList: sent.slice(0, 2),
          title: 'chat',
          abstractList: ['alice: hi'],
          compatibleText: 'upgrade to see it',
        },
      }),
    forward: () => t.createForwardMessage({ ...to, payload: sent[0] }),
  }
  for (const [name, create] of Object.entries(messages)) {
    const result = (await t.sendMessage(create()).catch((error: unknown) => ({ error }))) as {
      code?: number
      data?: { message: unknown }
      error?: unknown
    }
    expect({ name, code: result.code }).toEqual({ name, code: 0 })
    sent.push(result.data?.message)
  }
  const received = () =>
    bob.events
      .filter((e) => e.name === bob.TIM.EVENT.MESSAGE_RECEIVED)
      .flatMap((e) => e.data as Received[])
  await bob.waitFor(() => received().length === Object.keys(messages).length)
  expect(received().map((m) => m.type)).toEqual([
    'TIMTextElem',
    'TIMImageElem',
    'TIMSoundElem',
    'TIMVideoFileElem',
    'TIMFileElem',
    'TIMFaceElem',
    'TIMCustomElem',
    'TIMLocationElem',
    'TIMRelayElem',
    'TIMTextElem',
  ])
  const history = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(history.code).toBe(0)
})
