/**
 * What the chat page renders per message: a small, flat row (no timestamps or flags the WXML does not use),
 * so a path update for one message stays a few hundred bytes.
 */
import {
  formatSeparatorTime,
  needsTimeSeparator,
  REVOKED_BY_ME,
  REVOKED_BY_PEER,
} from '../../../models/format'
import type { CardView, MessageView, ReplyView } from '../../../models/types'
import { isBigEmoji } from '../../models/emoji'
import { toMediaRow, type MediaRow } from '../../models/media'
import { playedVoices } from '../../stores/played-voices'

/** Rows rendered when the chat opens; paging adds HISTORY_PAGE_SIZE above. */
export const INITIAL_WINDOW = 30
/** Upper bound of rendered rows (6–7 WXML nodes each) so the page stays under 1,000 nodes. */
export const MAX_WINDOW = 120

export interface MessageRow {
  id: string
  /** Element id for scroll-into-view. */
  anchor: string
  flow: 'in' | 'out'
  type: MessageView['type']
  text: string
  imageUrl: string
  imageWidth: number
  imageHeight: number
  status: MessageView['status']
  statusText: string
  isRevoked: boolean
  /** Voice, video and file messages only. */
  media?: MediaRow
  /** Card messages only. */
  card?: CardView
  /** Voice messages only: a received voice not played yet on this phone (the red dot). */
  unplayed?: boolean
  /** Replies only: the quoted message's sender and abstract (tap → the original). */
  reply?: ReplyView
  /** Upload of a video or file being sent, or download of a file being opened: 0–100 (0 when none runs). */
  progress: number
  /** A text of one to three emoji only: shown large, without a bubble. */
  bigEmoji: boolean
  /** Time separator shown above the message ('' for none). */
  separator: string
  /** When it was sent, as a screen reader says it with the message (formatSeparatorTime's words). */
  spokenTime: string
}

export function statusTextOf(message: MessageView): string {
  if (message.flow !== 'out') return ''
  if (message.status === 'sending') return '发送中'
  if (message.status === 'failed') return '发送失败，点击重发'
  return message.isRead ? '已读' : '未读'
}

export function toRow(
  message: MessageView,
  previous: MessageView | undefined,
  now: number,
): MessageRow {
  const revokedText = message.flow === 'out' ? REVOKED_BY_ME : REVOKED_BY_PEER
  const media = toMediaRow(message.type, message.media)
  return {
    ...(media ? { media } : {}),
    ...(message.card ? { card: message.card } : {}),
    ...(message.type === 'sound'
      ? { unplayed: message.flow === 'in' && !message.isRevoked && !playedVoices.has(message.id) }
      : {}),
    ...(message.reply && !message.isRevoked ? { reply: message.reply } : {}),
    id: message.id,
    anchor: anchorOf(message.id),
    flow: message.flow,
    type: message.type,
    text: message.isRevoked ? revokedText : message.text,
    imageUrl: message.imageUrl ?? '',
    imageWidth: message.imageWidth ?? 0,
    imageHeight: message.imageHeight ?? 0,
    status: message.status,
    statusText: message.isRevoked ? '' : statusTextOf(message),
    isRevoked: message.isRevoked,
    progress: 0,
    bigEmoji: message.type === 'text' && !message.isRevoked && isBigEmoji(message.text),
    separator: needsTimeSeparator(previous?.time, message.time)
      ? formatSeparatorTime(message.time, now)
      : '',
    spokenTime: formatSeparatorTime(message.time, now),
  }
}

/** Rows for `messages[start, end)`; the message before `start` decides the first separator. */
export function rowsOf(
  messages: readonly MessageView[],
  start: number,
  end: number,
  now: number,
): MessageRow[] {
  const rows: MessageRow[] = []
  for (let index = start; index < end; index += 1) {
    rows.push(toRow(messages[index]!, messages[index - 1], now))
  }
  return rows
}

/** Element id of a message row; ids must not start with a digit for scroll-into-view. */
export function anchorOf(messageID: string): string {
  return `m-${messageID.replace(/[^A-Za-z0-9_-]/g, '_')}`
}
