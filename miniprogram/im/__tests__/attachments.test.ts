/**
 * Sending videos and files from the app's real SDK to bob's through the local IM (uploads through the plugin
 * from WeChat temp paths): what bob receives, upload progress per message, Tencent's limits refused before
 * anything is made, and a failed upload shown as 发送失败 and resent.
 */
import { mp4File, onePagePdf } from '@tim-c2c/local-im/testing/media-fixtures'
import { api } from '../../services/api'
import { chatStore, networkStore } from '../../stores/index'
import {
  FILE_EMPTY,
  FILE_MAX_BYTES,
  FILE_TOO_BIG,
  VIDEO_MAX_BYTES,
  VIDEO_TOO_BIG,
  VIDEO_TOO_LONG,
  VIDEO_WRONG_FORMAT,
} from '../attachments'
import { ImError } from '../errors'
import { loadUploadPlugin } from '../../package-chat/services/upload-plugin'
import { im } from '../index'
import {
  startStack,
  waitFor,
  wxShim,
  type SdkUser,
  type Stack,
} from '../../__tests__/support/stack'

// Uploads through the plugin on a busy machine.
jest.setTimeout(120_000)

let stack: Stack
let bob: SdkUser

beforeAll(async () => {
  // As the chat does when it opens: the upload plugin ships in its subpackage.
  im.useUploadPlugin(loadUploadPlugin())
  stack = await startStack()
  await im.login(await api.devLogin('alice'))
  bob = await stack.peer('bob')
})

afterAll(async () => {
  await im.logout()
  await stack.close()
})

type Received = { ID: string; type: string; payload: Record<string, unknown> }

/** Resolves with bob's copy of the message once his SDK receives it. */
async function bobReceives(id: string): Promise<Received> {
  const batch = (await bob.waitForEvent('onMessageReceived', (data) =>
    (data as Received[]).some((message) => message.ID === id),
  )) as Received[]
  return batch.find((message) => message.ID === id)!
}

async function download(url: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(url)).arrayBuffer())
}

function recorder() {
  const reports: [string, number][] = []
  return { reports, onProgress: (id: string, percent: number) => reports.push([id, percent]) }
}

test('a video from chooseMedia reaches bob with its length and size, the upload reported to 100 %', async () => {
  const mp4 = mp4File(60_000)
  const tempFilePath = wxShim().createTempFile(mp4, 'mp4', 'device')
  const { reports, onProgress } = recorder()
  const sent = await im.sendVideo(
    'bob',
    { tempFilePath, size: mp4.length, duration: 7.4, width: 720, height: 1280 },
    onProgress,
  )
  expect(sent).toMatchObject({ type: 'video', flow: 'out', status: 'sent', text: '[视频]' })
  expect(sent.media).toMatchObject({ seconds: 7, size: mp4.length })
  // The sender plays her own video from the file she picked; the peer from the IM's download URL.
  expect(sent.media?.url).toBe(tempFilePath)
  expect(chatStore.findMessage(sent.id)?.status).toBe('sent')
  expect(reports.length).toBeGreaterThan(0)
  expect(reports.every(([id]) => id === sent.id)).toBe(true)
  expect(reports.at(-1)?.[1]).toBe(100)

  const received = await bobReceives(sent.id)
  expect(received.type).toBe('TIMVideoFileElem')
  expect(received.payload).toMatchObject({ videoSecond: 7, videoSize: mp4.length })
  expect((await download(String(received.payload.videoUrl))).equals(mp4)).toBe(true)
})

test('a file from a WeChat chat reaches bob with its name and size; the sender’s copy opens from the IM', async () => {
  const pdf = onePagePdf('合同')
  const path = wxShim().createTempFile(pdf, 'pdf', 'device')
  const { reports, onProgress } = recorder()
  const sent = await im.sendFile('bob', { path, size: pdf.length, name: '合同.pdf' }, onProgress)
  expect(sent).toMatchObject({ type: 'file', status: 'sent', text: '[文件]' })
  expect(sent.media).toMatchObject({ name: '合同.pdf', size: pdf.length })
  expect(reports.at(-1)).toEqual([sent.id, 100])
  // Once sent, the sender's own bubble has the IM's URL to download and open, as a received one does.
  expect(sent.media?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//)
  expect((await download(sent.media!.url)).equals(pdf)).toBe(true)

  const received = await bobReceives(sent.id)
  expect(received.type).toBe('TIMFileElem')
  expect(received.payload).toMatchObject({ fileName: '合同.pdf', fileSize: pdf.length })
})

test('over Tencent’s 100 MB, too long, not mp4/mov or empty: refused with the reason, nothing made', async () => {
  const before = chatStore.messagesOf('C2Cbob').length
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal')
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ImError)
        // No message exists: nothing to show as 发送失败.
        expect((error as ImError).messageID).toBe('')
        return (error as Error).message
      },
    )
  const huge = wxShim().createTempFile(Buffer.alloc(FILE_MAX_BYTES + 1), 'zip', 'device')
  await expect(
    refusal(im.sendFile('bob', { path: huge, size: FILE_MAX_BYTES + 1, name: '备份.zip' })),
  ).resolves.toBe(FILE_TOO_BIG)
  const hugeVideo = Buffer.concat([mp4File(0), Buffer.alloc(VIDEO_MAX_BYTES)])
  const hugeVideoPath = wxShim().createTempFile(hugeVideo, 'mp4', 'device')
  await expect(
    refusal(
      im.sendVideo('bob', { tempFilePath: hugeVideoPath, size: hugeVideo.length, duration: 58 }),
    ),
  ).resolves.toBe(VIDEO_TOO_BIG)
  const clip = mp4File(2_000)
  const clipPath = wxShim().createTempFile(clip, 'mp4', 'device')
  await expect(
    refusal(im.sendVideo('bob', { tempFilePath: clipPath, size: clip.length, duration: 301 })),
  ).resolves.toBe(VIDEO_TOO_LONG)
  const avi = wxShim().createTempFile(clip, 'avi', 'device')
  await expect(
    refusal(im.sendVideo('bob', { tempFilePath: avi, size: clip.length, duration: 3 })),
  ).resolves.toBe(VIDEO_WRONG_FORMAT)
  const empty = wxShim().createTempFile(Buffer.alloc(0), 'txt', 'device')
  await expect(refusal(im.sendFile('bob', { path: empty, size: 0, name: '空.txt' }))).resolves.toBe(
    FILE_EMPTY,
  )
  expect(chatStore.messagesOf('C2Cbob')).toHaveLength(before)
})

test('a file whose upload fails offline shows 发送失败 and goes out once when resent', async () => {
  const pdf = onePagePdf('resend')
  const path = wxShim().createTempFile(pdf, 'pdf', 'device')
  wxShim().setOnline(false)
  const failure = await im
    .sendFile('bob', { path, size: pdf.length, name: '重发.pdf' })
    .catch((error: unknown) => error)
  expect(failure).toBeInstanceOf(ImError)
  const failed = chatStore.findMessage((failure as ImError).messageID)
  expect(failed).toMatchObject({ type: 'file', status: 'failed' })
  wxShim().setOnline(true)
  await waitFor(() => networkStore.connection === 'connected', 'connected', 30_000)
  const resent = await im.resend(failed!.id)
  expect(resent).toMatchObject({ id: failed!.id, status: 'sent' })
  const received = await bobReceives(resent.id)
  expect(received.payload).toMatchObject({ fileName: '重发.pdf', fileSize: pdf.length })
  expect(
    chatStore.messagesOf('C2Cbob').filter((message) => message.id === failed!.id),
  ).toHaveLength(1)
})
