/**
 * The one limit on a text message, in UTF-8 bytes, shared by the chat input, the IM door's check and the app
 * server's admin send. Tencent IM refuses a message body over 12 KB (errors 80002 and 93000), and Tencent's own
 * earlier web SDK checked a C2C text against 12,000 bytes before sending.
 */
export const TEXT_MESSAGE_MAX_BYTES = 12_000

/** UTF-8 length without TextEncoder (older base libraries lack it); a lone surrogate counts as U+FFFD (3 bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        index += 1
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

export function isTextTooLong(text: string): boolean {
  return utf8ByteLength(text) > TEXT_MESSAGE_MAX_BYTES
}

export const TEXT_TOO_LONG_MESSAGE = `消息太长，最多 ${TEXT_MESSAGE_MAX_BYTES} 字节（约 ${Math.floor(TEXT_MESSAGE_MAX_BYTES / 3)} 个汉字）`
