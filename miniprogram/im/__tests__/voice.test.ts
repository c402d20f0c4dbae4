/**
 * Voice messages from the app's IM door, on the real SDK and the real local IM: a recording (what WeChat's
 * RecorderManager hands over in onStop, its AAC file a temp path of this phone) reaches bob as a sound element he
 * can download byte for byte; a send that fails offline is 发送失败 and resends once; a broken recording is refused
 * before the SDK.
 */
import fs from 'node:fs'
import path from 'node:path'
import { api } from '../../services/api'
import { chatStore, conversationStore, networkStore } from '../../stores/index'
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

/** What the headless host's microphone writes for format 'aac' (ADTS frames, as a phone's recorder does). */
const AAC = fs.readFileSync(
  path.join(__dirname, '../../../local-stack/headless-host/assets/microphone.aac'),
)

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

type SoundPayload = { url?: string; second?: number; size?: number; uuid?: string }
type Received = { ID: string; type: string; payload: SoundPayload }

function recording(durationMs: number) {
  return {
    tempFilePath: wxShim().createTempFile(AAC, 'aac', 'device'),
    duration: durationMs,
    fileSize: AAC.length,
  }
}

async function bobReceives(messageID: string): Promise<Received> {
  const batch = await bob.waitForEvent('onMessageReceived', (data) =>
    (data as Received[]).some((message) => message.ID === messageID),
  )
  return (batch as Received[]).find((message) => message.ID === messageID)!
}

test('a recording is sent as a sound element: bob downloads the same bytes, seconds from its duration', async () => {
  const statuses: string[] = []
  const stop = chatStore.onChange('C2Cbob', (change) =>
    statuses.push(...change.messages.map((message) => message.status)),
  )
  const sent = await im.sendVoice('bob', recording(3400))
  stop()
  expect(sent).toMatchObject({ type: 'sound', flow: 'out', status: 'sent', text: '[语音]' })
  expect(sent.media).toMatchObject({ seconds: 3, size: AAC.length })
  expect(statuses[0]).toBe('sending')
  const received = await bobReceives(sent.id)
  expect(received.type).toBe('TIMSoundElem')
  expect(received.payload).toMatchObject({ second: 3, size: AAC.length })
  const download = await fetch(received.payload.url!)
  expect(Buffer.from(await download.arrayBuffer()).equals(AAC)).toBe(true)
  await waitFor(() => conversationStore.byID('C2Cbob')?.preview === '[语音]', 'preview [语音]')
})

test('a voice sent offline is 发送失败 with its message ID, and resends once back online', async () => {
  wxShim().setOnline(false)
  const failure = await im.sendVoice('bob', recording(2000)).catch((error: unknown) => error)
  expect(failure).toBeInstanceOf(ImError)
  const messageID = (failure as ImError).messageID
  expect(messageID).not.toBe('')
  expect(chatStore.findMessage(messageID)).toMatchObject({ type: 'sound', status: 'failed' })
  wxShim().setOnline(true)
  await waitFor(() => im.isReady && networkStore.connection === 'connected', 'connected', 30_000)
  const resent = await im.resend(messageID)
  expect(resent).toMatchObject({ id: messageID, status: 'sent', type: 'sound' })
  const received = await bobReceives(messageID)
  expect(received.payload).toMatchObject({ second: 2, size: AAC.length })
  expect(chatStore.messagesOf('C2Cbob').filter((message) => message.id === messageID)).toHaveLength(
    1,
  )
})

test('a recording without a file or length is refused before the SDK', async () => {
  const before = chatStore.messagesOf('C2Cbob').length
  await expect(
    im.sendVoice('bob', { tempFilePath: '', duration: 1500, fileSize: 10 }),
  ).rejects.toThrow('录音文件无效')
  await expect(im.sendVoice('bob', { ...recording(0), duration: 0 })).rejects.toThrow(
    '录音文件无效',
  )
  await expect(im.sendVoice(' ', recording(1500))).rejects.toThrow('请选择聊天对象')
  expect(chatStore.messagesOf('C2Cbob')).toHaveLength(before)
})
