/** The app's one IM facade: pages call only these, and read results from the stores. */
import { ImClient } from './client'

export const im = new ImClient()

export type { MessageNotifyCallback, Unsubscribe } from './client'
export { HISTORY_PAGE_SIZE, KICKED_OUT_REASONS, SIG_EXPIRED_REASON, ImClient } from './client'
export { ImError, ErrorCode, AppErrorCode, humanMessage } from './errors'
