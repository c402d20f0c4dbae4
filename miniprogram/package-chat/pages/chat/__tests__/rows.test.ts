import type { MessageView } from '../../../../models/types'
import { playedVoices } from '../../../stores/played-voices'
import { anchorOf, rowsOf, statusTextOf, toRow } from '../rows'

const NOW = Date.UTC(2026, 10, 23, 4, 0, 0)

function view(overrides: Partial<MessageView>): MessageView {
  return {
    id: 'm1',
    conversationID: 'C2Cbob',
    flow: 'out',
    from: 'alice',
    type: 'text',
    text: '你好',
    time: NOW - 60_000,
    status: 'sent',
    isRead: false,
    isRevoked: false,
    revocable: true,
    ...overrides,
  }
}

test('own messages say how far they got; incoming ones say nothing', () => {
  expect(statusTextOf(view({ status: 'sending' }))).toBe('发送中')
  expect(statusTextOf(view({ status: 'failed' }))).toBe('发送失败，点击重发')
  expect(statusTextOf(view({ isRead: false }))).toBe('未读')
  expect(statusTextOf(view({ isRead: true }))).toBe('已读')
  expect(statusTextOf(view({ flow: 'in', isRead: true }))).toBe('')
})

test('a recalled message shows who recalled it and no status', () => {
  expect(toRow(view({ isRevoked: true }), undefined, NOW)).toMatchObject({
    text: '你撤回了一条消息',
    statusText: '',
  })
  expect(toRow(view({ flow: 'in', isRevoked: true }), undefined, NOW).text).toBe(
    '对方撤回了一条消息',
  )
})

test('anchors are valid scroll-into-view ids whatever the message ID holds', () => {
  expect(anchorOf('144115233851380013-1700000000-123')).toBe('m-144115233851380013-1700000000-123')
  expect(anchorOf('a/b c.d')).toBe('m-a_b_c_d')
})

test('the first row of a window compares its time with the message before the window', () => {
  const messages = [0, 1, 2, 10].map((minute, index) =>
    view({ id: `m${index}`, time: NOW - (20 - minute) * 60_000 }),
  )
  const window = rowsOf(messages, 1, 4, NOW)
  expect(window.map((row) => row.id)).toEqual(['m1', 'm2', 'm3'])
  expect(window.map((row) => row.separator !== '')).toEqual([false, false, true])
  expect(rowsOf(messages, 0, 1, NOW)[0]!.separator).not.toBe('')
})

test('a row carries only what the page renders', () => {
  const row = toRow(
    view({ type: 'image', imageUrl: 'https://cos.example.cn/p.jpg' }),
    undefined,
    NOW,
  )
  expect(Object.keys(row).sort()).toEqual(
    [
      'anchor',
      'bigEmoji',
      'flow',
      'id',
      'imageHeight',
      'imageUrl',
      'imageWidth',
      'isRevoked',
      'progress',
      'separator',
      'spokenTime',
      'status',
      'statusText',
      'text',
      'type',
    ].sort(),
  )
  expect(Buffer.byteLength(JSON.stringify(row))).toBeLessThan(400)
})

test('a row says when it was sent in the words a screen reader reads with it', () => {
  const row = toRow(view({ type: 'text', text: '你好' }), undefined, NOW)
  expect(row.spokenTime).not.toBe('')
  expect(row.spokenTime).toBe(row.separator)
})

test('voice, video and file rows carry what their bubbles show; others carry no media', () => {
  const media = {
    url: 'http://127.0.0.1:9000/files/a',
    size: 1_572_864,
    seconds: 0,
    name: '',
    thumbUrl: '',
  }
  const voice = toRow(view({ type: 'sound', media: { ...media, seconds: 1 } }), undefined, NOW)
  const longVoice = toRow(view({ type: 'sound', media: { ...media, seconds: 60 } }), undefined, NOW)
  expect([voice.media?.width, longVoice.media?.width]).toEqual([160, 480])
  const video = toRow(view({ type: 'video', media: { ...media, seconds: 75 } }), undefined, NOW)
  expect(video.media?.durationText).toBe('1:15')
  const file = toRow(view({ type: 'file', media: { ...media, name: '报价.XLSX' } }), undefined, NOW)
  expect(file.media).toMatchObject({ icon: 'XLS', sizeText: '1.5 MB', name: '报价.XLSX' })
  expect(toRow(view({ type: 'text' }), undefined, NOW).media).toBeUndefined()
})

test('a received voice is unplayed until played on this phone; own voices and other kinds never are', () => {
  const media = {
    url: 'http://127.0.0.1:9000/files/v',
    size: 9_000,
    seconds: 4,
    name: '',
    thumbUrl: '',
  }
  const received = view({ id: 'voice-in-1', flow: 'in', type: 'sound', media })
  expect(toRow(received, undefined, NOW).unplayed).toBe(true)
  expect(toRow(view({ id: 'voice-out-1', type: 'sound', media }), undefined, NOW).unplayed).toBe(
    false,
  )
  expect(toRow(view({ id: 'text-in-1', flow: 'in' }), undefined, NOW).unplayed).toBeUndefined()
  expect(toRow({ ...received, isRevoked: true }, undefined, NOW).unplayed).toBe(false)
  playedVoices.markPlayed('voice-in-1')
  expect(toRow(received, undefined, NOW).unplayed).toBe(false)
})
