/** How the chat shows voice, video, file and card messages: sizes, durations, file icons, voice bubble width. */
import type { CardView, MediaView, MessageType } from '../../models/types'

/** What a media row carries to its bubble (small: it goes through setData with the row). */
export interface MediaRow {
  url: string
  name: string
  sizeText: string
  seconds: number
  durationText: string
  thumbUrl: string
  /** File kind label on the icon (PDF, DOC, XLS, PPT, ZIP, TXT, or the extension). */
  icon: string
  /** Voice bubble width in rpx. */
  width: number
}

/** The types wx.openDocument opens (WeChat's documented list). */
export const OPENABLE_DOCUMENTS: ReadonlySet<string> = new Set([
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'pdf',
])

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

const ICONS: Record<string, string> = {
  docx: 'DOC',
  xlsx: 'XLS',
  pptx: 'PPT',
  rar: 'ZIP',
  '7z': 'ZIP',
  md: 'TXT',
  csv: 'XLS',
}

export function fileIcon(name: string): string {
  const extension = extensionOf(name)
  return (ICONS[extension] ?? extension.slice(0, 4).toUpperCase()) || 'FILE'
}

export function formatFileSize(bytes: number): string {
  if (!(bytes > 0)) return '0 B'
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** m:ss, as WeChat labels videos. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  const rest = whole % 60
  return `${Math.floor(whole / 60)}:${rest < 10 ? '0' : ''}${rest}`
}

/** Voice bubbles grow with their length, as in WeChat: 160 rpx at 1 s up to 480 rpx at 60 s. */
export function voiceWidth(seconds: number): number {
  const clamped = Math.min(60, Math.max(1, seconds))
  return Math.round(160 + ((clamped - 1) / 59) * 320)
}

export function toMediaRow(type: MessageType, media: MediaView | undefined): MediaRow | undefined {
  if (!media || (type !== 'sound' && type !== 'video' && type !== 'file')) return undefined
  return {
    url: media.url,
    name: media.name,
    sizeText: formatFileSize(media.size),
    seconds: media.seconds,
    durationText: formatDuration(media.seconds),
    thumbUrl: media.thumbUrl,
    icon: type === 'file' ? fileIcon(media.name) : '',
    width: type === 'sound' ? voiceWidth(media.seconds) : 0,
  }
}

export type { CardView }
