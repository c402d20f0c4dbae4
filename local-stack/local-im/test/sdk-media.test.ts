/**
 * Voice, video and files through tim-upload-plugin from WeChat temp paths, as a phone sends
 * them: the peer's real SDK gets the payload, downloads the same bytes with progress; custom and
 * face messages and cloudCustomData are carried and stored as sent.
 */
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall, type SdkUser } from '../testing'
import { startTestIm } from './helpers'
import { mp4File, onePagePdf, silentMp3, toneWav } from '../testing/media-fixtures'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm()
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im.close()
})

type Payload = Record<string, unknown>
type Msg = { type: string; payload: Payload; cloudCustomData: string }

const receivedBy = (user: SdkUser) =>
  user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => e.data as Msg[])

interface Download {
  path: string
  statusCode: number
  progress: { totalBytesWritten: number; totalBytesExpectedToWrite: number }[]
}

/** wx.downloadFile as the app calls it to play or open a message's file. */
function download(user: SdkUser, url: string): Promise<Download> {
  const progress: Download['progress'] = []
  return new Promise((resolve, reject) => {
    const task = (
      user.wx.wx.downloadFile as (o: unknown) => { onProgressUpdate: (l: unknown) => void }
    )({
      url,
      success: (result: { tempFilePath: string; statusCode: number }) =>
        resolve({ path: result.tempFilePath, statusCode: result.statusCode, progress }),
      fail: reject,
    })
    task.onProgressUpdate((update: Download['progress'][number]) => progress.push(update))
  })
}

test('voice, video and a file go up from WeChat temp paths; the peer downloads the same bytes', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const to = { to: 'bob', conversationType: 'C2C' }
  const mp3 = silentMp3(3.2)
  const wav = toneWav(1.5)
  const mp4 = mp4File(40000)
  const pdf = onePagePdf('report')
  // RecorderManager's onStop result (DevTools path), then a phone's (wxfile://tmp_…).
  const voice = alice.wx.createTempFile(mp3, 'mp3')
  const phoneVoice = alice.wx.createTempFile(wav, 'wav', 'device')
  expect(phoneVoice).toMatch(/^wxfile:\/\/tmp_[0-9a-f]+\.wav$/)
  const t = alice.tim
  const messages = [
    t.createAudioMessage({
      ...to,
      payload: { file: { tempFilePath: voice, duration: 3200, fileSize: mp3.length } },
    }),
    t.createAudioMessage({
      ...to,
      payload: { file: { tempFilePath: phoneVoice, duration: 1500, fileSize: wav.length } },
    }),
    // chooseMedia's video result.
    t.createVideoMessage({
      ...to,
      payload: {
        file: {
          tempFiles: [
            {
              tempFilePath: alice.wx.createTempFile(mp4, 'mp4'),
              duration: 6,
              size: mp4.length,
              width: 720,
              height: 1280,
              fileType: 'video',
            },
          ],
        },
      },
    }),
    // chooseMessageFile's result.
    t.createFileMessage({
      ...to,
      payload: {
        file: {
          tempFiles: [
            {
              path: alice.wx.createTempFile(pdf, 'pdf'),
              size: pdf.length,
              name: '季度报告.pdf',
              type: 'file',
              time: 1,
            },
          ],
        },
      },
    }),
  ]
  for (const message of messages) expect((await t.sendMessage(message)).code).toBe(0)

  await bob.waitFor(() => receivedBy(bob).length === messages.length)
  const [first, second, video, file] = receivedBy(bob)
  expect(first).toMatchObject({
    type: 'TIMSoundElem',
    payload: { second: 3, size: mp3.length, downloadFlag: 2 },
  })
  expect(second).toMatchObject({ type: 'TIMSoundElem', payload: { second: 1, size: wav.length } })
  expect(video).toMatchObject({
    type: 'TIMVideoFileElem',
    payload: { videoSecond: 6, videoSize: mp4.length, videoFormat: 'mp4', videoDownloadFlag: 2 },
  })
  expect(file).toMatchObject({
    type: 'TIMFileElem',
    payload: { fileName: '季度报告.pdf', fileSize: pdf.length, downloadFlag: 2 },
  })
  const cases = [
    { url: first?.payload.url, bytes: mp3, type: 'audio/mpeg' },
    { url: second?.payload.url, bytes: wav, type: 'audio/wav' },
    { url: video?.payload.videoUrl, bytes: mp4, type: 'video/mp4' },
    { url: file?.payload.fileUrl, bytes: pdf, type: 'application/pdf' },
  ]
  for (const { url, bytes, type } of cases) {
    expect(String(url).startsWith(`${im.httpUrl}/files/`)).toBe(true)
    const got = await download(bob, String(url))
    expect(got.statusCode).toBe(200)
    expect(got.path).toMatch(/^http:\/\/tmp\//)
    expect(bob.wx.readFile(got.path).equals(bytes)).toBe(true)
    // The app can show progress: the size is known up front.
    expect(got.progress.at(-1)).toMatchObject({
      totalBytesWritten: bytes.length,
      totalBytesExpectedToWrite: bytes.length,
    })
    expect((await fetch(String(url), { method: 'HEAD' })).headers.get('content-type')).toBe(type)
  }
})

test('custom and face messages and cloudCustomData are carried and stored as sent', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const to = { to: 'bob', conversationType: 'C2C' }
  const card = JSON.stringify({ businessID: 'user_card', userID: 'carol', nick: '卡罗尔' })
  const reply = JSON.stringify({
    messageReply: {
      messageID: 'x',
      messageAbstract: 'hi',
      messageSender: 'bob',
      messageType: 1,
      version: 1,
    },
  })
  await alice.tim.sendMessage(
    alice.tim.createCustomMessage({
      ...to,
      payload: { data: card, description: '[名片]', extension: 'card' },
      cloudCustomData: reply,
    }),
  )
  await alice.tim.sendMessage(
    alice.tim.createFaceMessage({ ...to, payload: { index: 3, data: 'tt03' } }),
  )
  await bob.waitFor(() => receivedBy(bob).length === 2)
  const expected = [
    {
      type: 'TIMCustomElem',
      payload: { data: card, description: '[名片]', extension: 'card' },
      cloudCustomData: reply,
    },
    { type: 'TIMFaceElem', payload: { index: 3, data: 'tt03' }, cloudCustomData: '' },
  ]
  expect(receivedBy(bob)).toMatchObject(expected)
  await bob.destroy()
  const fresh = await createSdkUser({ localIm: im, userID: 'bob', importAccount: false })
  const history = await fresh.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(history.data.messageList).toMatchObject(expected)
})

test('REST sendmsg with each media element reaches the SDK with its fields, stored unchanged', async () => {
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  const bob = await createSdkUser({ localIm: im, userID: 'bob', importAccount: false })
  const bodies = [
    [
      {
        MsgType: 'TIMSoundElem',
        MsgContent: {
          Url: 'https://cos.example/v.mp3',
          UUID: 's1',
          Size: 10,
          Second: 3,
          Download_Flag: 2,
        },
      },
    ],
    [
      {
        MsgType: 'TIMVideoFileElem',
        MsgContent: {
          VideoUrl: 'https://cos.example/c.mp4',
          VideoUUID: 'v1',
          VideoSize: 100,
          VideoSecond: 6,
          VideoFormat: 'mp4',
          VideoDownloadFlag: 2,
          ThumbUrl: 'https://cos.example/c.jpg',
          ThumbUUID: 't1',
          ThumbSize: 20,
          ThumbWidth: 720,
          ThumbHeight: 1280,
          ThumbFormat: 'JPG',
          ThumbDownloadFlag: 2,
        },
      },
    ],
    [
      {
        MsgType: 'TIMFileElem',
        MsgContent: {
          Url: 'https://cos.example/r.pdf',
          UUID: 'f1',
          FileSize: 30,
          FileName: 'r.pdf',
          Download_Flag: 2,
        },
      },
    ],
    [{ MsgType: 'TIMFaceElem', MsgContent: { Index: 1, Data: 'tt01' } }],
    [
      {
        MsgType: 'TIMCustomElem',
        MsgContent: { Data: '{"businessID":"x"}', Desc: 'd', Ext: 'e', Sound: 'ding.aiff' },
      },
    ],
  ]
  for (const [index, body] of bodies.entries()) {
    const sent = await restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgRandom: 900 + index,
      MsgBody: body,
      CloudCustomData: `{"n":${index}}`,
    })
    expect(sent.ErrorCode).toBe(0)
  }
  await bob.waitFor(() => receivedBy(bob).length === bodies.length)
  expect(receivedBy(bob).map((m) => m.payload)).toMatchObject([
    { url: 'https://cos.example/v.mp3', uuid: 's1', size: 10, second: 3, downloadFlag: 2 },
    {
      videoUrl: 'https://cos.example/c.mp4',
      videoSecond: 6,
      snapshotUrl: 'https://cos.example/c.jpg',
      snapshotWidth: 720,
      snapshotHeight: 1280,
    },
    { fileUrl: 'https://cos.example/r.pdf', fileName: 'r.pdf', fileSize: 30 },
    { index: 1, data: 'tt01' },
    { data: '{"businessID":"x"}', description: 'd', extension: 'e' },
  ])
  const roam = await restCall(im, 'openim/admin_getroammsg', {
    Operator_Account: 'bob',
    Peer_Account: 'alice',
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 60,
  })
  const stored = roam.MsgList as { MsgBody: unknown; CloudCustomData: string }[]
  expect(stored.map((m) => m.MsgBody)).toEqual(bodies)
  expect(stored.map((m) => m.CloudCustomData)).toEqual(bodies.map((_, i) => `{"n":${i}}`))
})

test('a voice upload whose bytes are not its format fails the send; the peer gets nothing', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const fake = Buffer.from('this is text, not audio'.repeat(50))
  const message = alice.tim.createAudioMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: {
      file: {
        tempFilePath: alice.wx.createTempFile(fake, 'mp3'),
        duration: 2000,
        fileSize: fake.length,
      },
    },
  })
  const result = (await alice.tim.sendMessage(message).catch((error: unknown) => error)) as {
    code: number
  }
  expect(result.code).not.toBe(0)
  await alice.tim.sendMessage(
    alice.tim.createTextMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { text: 'marker' },
    }),
  )
  await bob.waitFor(() => receivedBy(bob).length > 0)
  expect(receivedBy(bob).map((m) => m.type)).toEqual(['TIMTextElem'])
})
