/** The one text limit: UTF-8 bytes counted as the wire counts them, and the same number as the app server's. */
import { TEXT_MESSAGE_MAX_BYTES as SERVER_TEXT_MAX_BYTES } from '@tim-c2c/server'
import { isTextTooLong, TEXT_MESSAGE_MAX_BYTES, utf8ByteLength } from '../text'

test('the text limit is Tencent’s 12 KB, in bytes, and the app server’s admin send uses the same number', () => {
  expect(TEXT_MESSAGE_MAX_BYTES).toBe(12_000)
  expect(SERVER_TEXT_MAX_BYTES).toBe(TEXT_MESSAGE_MAX_BYTES)
})

test.each([
  ['ASCII', 'hello'],
  ['Chinese', '你好，世界'],
  ['emoji (surrogate pairs)', '👍🏻🎉'],
  ['mixed', 'a好👍\n\t'],
  ['a lone surrogate (sent as U+FFFD)', 'x\ud800y'],
  ['empty', ''],
])('counts UTF-8 bytes as the wire does: %s', (_case, text) => {
  expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'))
})

test('the limit is on bytes, not characters', () => {
  expect(isTextTooLong('a'.repeat(12_000))).toBe(false)
  expect(isTextTooLong('a'.repeat(12_001))).toBe(true)
  expect(isTextTooLong('好'.repeat(4_000))).toBe(false)
  expect(isTextTooLong('好'.repeat(4_001))).toBe(true)
  expect(isTextTooLong('👍'.repeat(3_000))).toBe(false)
  expect(isTextTooLong('👍'.repeat(3_001))).toBe(true)
})
