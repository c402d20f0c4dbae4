/**
 * A friend's remark (备注): checked here first for a clear message without a round trip, saved through the app
 * server (which sets it in the IM), then the contacts store is updated and reloaded so every name shown follows.
 */
import { contacts } from '../../flows/contacts'
import { ApiError } from '../../services/http'
import { createLogger } from '../../services/log'
import { contactStore } from '../../stores/index'
import { remarkApi } from '../services/remark-api'

const log = createLogger('remark')

/** Tencent's limit on a remark, in bytes of UTF-8 (a Chinese character takes 3). */
export const REMARK_MAX_BYTES = 96

/** UTF-8 length without TextEncoder, which older WeChat base libraries lack. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return bytes
}

/** C0, DEL and C1 control characters (a line break among them): a remark is shown on one line. */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true
  }
  return false
}

/** Why a remark cannot be saved, in the user's words, or '' when it can. */
export function remarkProblem(remark: string): string {
  if (utf8Length(remark) > REMARK_MAX_BYTES) return '备注太长了，最多 96 个字节（约 32 个汉字）'
  if (hasControlCharacter(remark)) return '备注不能包含换行'
  if (remark !== '' && remark.trim() === '') return '备注不能只有空格'
  return ''
}

export const remarkFlow = {
  /** Saves my remark for `userID` ('' clears it). Rejects with the reason the user should read. */
  async save(userID: string, remark: string): Promise<void> {
    const problem = remarkProblem(remark)
    if (problem) throw new ApiError(400, problem, 'invalid_request')
    const kept = await remarkApi.setRemark(userID, remark)
    contactStore.setRemark(userID, kept)
    // The list also picks up friends added or removed meanwhile; the remark is already shown if this fails.
    await contacts.refresh().catch((error: unknown) => log.warn('contacts not refreshed', error))
  },
}
