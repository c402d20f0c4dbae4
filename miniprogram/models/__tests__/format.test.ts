import fc from 'fast-check'
import {
  PREVIEW_CUSTOM,
  PREVIEW_IMAGE,
  REVOKED_BY_ME,
  REVOKED_BY_PEER,
  formatPreview,
  formatRelativeTime,
  formatSeparatorTime,
  formatUnread,
  isRevocable,
  needsTimeSeparator,
} from '../format'

/** Local (Asia/Shanghai, pinned in jest-setup) wall-clock time in ms. */
function at(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return new Date(year, month - 1, day, hour, minute, second).getTime()
}

// A Wednesday afternoon.
const NOW = at(2026, 11, 25, 15, 30)

describe('formatRelativeTime', () => {
  test('under a minute ago reads 刚刚, including small clock skew into the future', () => {
    expect(formatRelativeTime(NOW - 59_000, NOW)).toBe('刚刚')
    expect(formatRelativeTime(NOW, NOW)).toBe('刚刚')
    expect(formatRelativeTime(NOW + 5_000, NOW)).toBe('刚刚')
  })

  test('earlier today shows the clock time', () => {
    expect(formatRelativeTime(NOW - 61_000, NOW)).toBe('15:28')
    expect(formatRelativeTime(at(2026, 11, 25, 0, 5), NOW)).toBe('00:05')
  })

  test('yesterday reads 昨天 even when it was only minutes ago across midnight', () => {
    expect(formatRelativeTime(at(2026, 11, 24, 23, 59), NOW)).toBe('昨天')
    expect(formatRelativeTime(at(2026, 11, 24, 23, 58), at(2026, 11, 25, 0, 1))).toBe('昨天')
  })

  test('two to six days back reads the weekday', () => {
    expect(formatRelativeTime(at(2026, 11, 23, 9), NOW)).toBe('星期一')
    expect(formatRelativeTime(at(2026, 11, 19, 9), NOW)).toBe('星期四')
  })

  test('a week or more back shows the date', () => {
    expect(formatRelativeTime(at(2026, 11, 18, 9), NOW)).toBe('2026/11/18')
    expect(formatRelativeTime(at(2025, 1, 2, 9), NOW)).toBe('2025/01/02')
  })

  test('no time gives no text', () => {
    expect(formatRelativeTime(0, NOW)).toBe('')
    expect(formatRelativeTime(Number.NaN, NOW)).toBe('')
  })
})

describe('time separators', () => {
  test('a separator goes before the first message and after gaps of more than five minutes', () => {
    const base = at(2026, 11, 25, 10)
    expect(needsTimeSeparator(undefined, base)).toBe(true)
    expect(needsTimeSeparator(base, base + 5 * 60_000)).toBe(false)
    expect(needsTimeSeparator(base, base + 5 * 60_000 + 1)).toBe(true)
  })

  test('separator text always carries the clock time', () => {
    expect(formatSeparatorTime(at(2026, 11, 25, 9, 7), NOW)).toBe('09:07')
    expect(formatSeparatorTime(at(2026, 11, 24, 21, 0), NOW)).toBe('昨天 21:00')
    expect(formatSeparatorTime(at(2026, 11, 22, 8, 0), NOW)).toBe('星期日 08:00')
    expect(formatSeparatorTime(at(2026, 10, 1, 8, 0), NOW)).toBe('2026/10/01 08:00')
  })
})

describe('formatUnread', () => {
  test('caps at 99+ and hides zero', () => {
    expect(formatUnread(0)).toBe('')
    expect(formatUnread(-3)).toBe('')
    expect(formatUnread(1)).toBe('1')
    expect(formatUnread(99)).toBe('99')
    expect(formatUnread(100)).toBe('99+')
    expect(formatUnread(123456)).toBe('99+')
  })

  test('never longer than three characters for any count', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 10_000_000 }), (count) => {
        const text = formatUnread(count)
        expect(text.length).toBeLessThanOrEqual(3)
        expect(text === '').toBe(count <= 0)
      }),
    )
  })
})

describe('formatPreview', () => {
  test('text, image, custom and recalled previews', () => {
    expect(formatPreview({ type: 'text', text: '你好', isRevoked: false, isOwn: false })).toBe(
      '你好',
    )
    expect(formatPreview({ type: 'image', isRevoked: false, isOwn: true })).toBe(PREVIEW_IMAGE)
    expect(formatPreview({ type: 'custom', isRevoked: false, isOwn: false })).toBe(PREVIEW_CUSTOM)
    expect(formatPreview({ type: 'text', text: 'x', isRevoked: true, isOwn: true })).toBe(
      REVOKED_BY_ME,
    )
    expect(formatPreview({ type: 'image', isRevoked: true, isOwn: false })).toBe(REVOKED_BY_PEER)
  })

  test('every other kind has its label; a kind the app does not know is named as such', () => {
    const labels = ['sound', 'video', 'file', 'card', 'face'].map((type) =>
      formatPreview({ type, isRevoked: false, isOwn: false }),
    )
    expect(labels).toEqual(['[语音]', '[视频]', '[文件]', '[名片]', '[表情]'])
    expect(formatPreview({ type: 'unknown', isRevoked: false, isOwn: false })).toBe(
      '[暂不支持的消息]',
    )
  })
})

describe('isRevocable', () => {
  const sentAt = at(2026, 11, 25, 15, 0)
  test('own sent messages can be recalled for two minutes only', () => {
    expect(isRevocable('out', 'sent', false, sentAt, sentAt + 119_999)).toBe(true)
    expect(isRevocable('out', 'sent', false, sentAt, sentAt + 120_000)).toBe(false)
  })

  test('never for incoming, unsent, failed or already recalled messages', () => {
    expect(isRevocable('in', 'sent', false, sentAt, sentAt)).toBe(false)
    expect(isRevocable('out', 'sending', false, sentAt, sentAt)).toBe(false)
    expect(isRevocable('out', 'failed', false, sentAt, sentAt)).toBe(false)
    expect(isRevocable('out', 'sent', true, sentAt, sentAt)).toBe(false)
  })
})
