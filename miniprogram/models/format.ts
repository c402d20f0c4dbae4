/** Pure display formatting. Every function takes `now` so the result is testable and never reads the clock. */

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE
/** Messages further apart than this get a time separator between them in the chat. */
export const TIME_SEPARATOR_GAP_MS = 5 * MINUTE
/** Own messages can be recalled for this long after they were sent (the server's limit). */
export const REVOKE_WINDOW_MS = 2 * MINUTE
export const UNREAD_CAP = 99

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

function startOfDay(ms: number): number {
  const date = new Date(ms)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}

/** Whole calendar days between the two instants in local time (0 = same day, 1 = yesterday). */
function calendarDaysBetween(earlier: number, later: number): number {
  // Rounding absorbs the 23/25-hour days around daylight-saving changes.
  return Math.round((startOfDay(later) - startOfDay(earlier)) / DAY)
}

export function formatClock(ms: number): string {
  const date = new Date(ms)
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}`
}

export function formatDate(ms: number): string {
  const date = new Date(ms)
  return `${date.getFullYear()}/${pad2(date.getMonth() + 1)}/${pad2(date.getDate())}`
}

/**
 * Conversation-list time: 刚刚 (under a minute), HH:mm (today), 昨天, 星期X (within the week), else the date.
 * A time slightly in the future (clock skew between phone and server) counts as 刚刚.
 */
export function formatRelativeTime(ms: number, now: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return ''
  if (now - ms < MINUTE) return '刚刚'
  const days = calendarDaysBetween(ms, now)
  if (days <= 0) return formatClock(ms)
  if (days === 1) return '昨天'
  if (days < 7) return WEEKDAYS[new Date(ms).getDay()] ?? formatDate(ms)
  return formatDate(ms)
}

/** Chat separator text: the same day buckets as the list, always with the clock time. */
export function formatSeparatorTime(ms: number, now: number): string {
  const clock = formatClock(ms)
  const days = calendarDaysBetween(ms, now)
  if (days <= 0) return clock
  if (days === 1) return `昨天 ${clock}`
  if (days < 7) return `${WEEKDAYS[new Date(ms).getDay()] ?? ''} ${clock}`
  return `${formatDate(ms)} ${clock}`
}

/** True when a separator goes before `current` (the first message always gets one). */
export function needsTimeSeparator(previous: number | undefined, current: number): boolean {
  return previous === undefined || current - previous > TIME_SEPARATOR_GAP_MS
}

export function formatUnread(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return ''
  return count > UNREAD_CAP ? `${UNREAD_CAP}+` : String(Math.floor(count))
}

export interface PreviewSource {
  type: string
  text?: string
  isRevoked: boolean
  /** The message is the current user's own. */
  isOwn: boolean
}

export const PREVIEW_IMAGE = '[图片]'
export const PREVIEW_CUSTOM = '[自定义消息]'
export const PREVIEW_FACE = '[表情]'
export const PREVIEW_UNKNOWN = '[暂不支持的消息]'
export const REVOKED_BY_ME = '你撤回了一条消息'
export const REVOKED_BY_PEER = '对方撤回了一条消息'

/** The label a message of each non-text kind shows in the list (and as its text in the chat). */
export const PREVIEW_LABELS: Readonly<Record<string, string>> = {
  image: PREVIEW_IMAGE,
  sound: '[语音]',
  video: '[视频]',
  file: '[文件]',
  card: '[名片]',
  face: PREVIEW_FACE,
  custom: PREVIEW_CUSTOM,
}

/** The one-line preview of a message, as in the conversation list. */
export function formatPreview(source: PreviewSource): string {
  if (source.isRevoked) return source.isOwn ? REVOKED_BY_ME : REVOKED_BY_PEER
  if (source.type === 'text') return source.text ?? ''
  return PREVIEW_LABELS[source.type] ?? PREVIEW_UNKNOWN
}

export function isRevocable(
  flow: 'in' | 'out',
  status: string,
  isRevoked: boolean,
  sentAt: number,
  now: number,
): boolean {
  return flow === 'out' && status === 'sent' && !isRevoked && now - sentAt < REVOKE_WINDOW_MS
}
