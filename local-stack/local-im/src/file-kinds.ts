/**
 * What an upload may be, by the kind the SDK asked pre_sig for: the size limit per kind, the
 * extensions and leading bytes each kind's formats have, and the Content-Type downloads carry.
 */
import { extname } from 'node:path'

export type FileKind = 'image' | 'video' | 'audio' | 'file'

const MB = 1024 * 1024

/**
 * Per-kind caps. tim-wx-sdk refuses bigger files before uploading (UPLOAD_SIZE_LIMIT: images and
 * audio 20 MB, videos and files 100 MB); Tencent's native SDKs take images up to 28 MB.
 */
export const UPLOAD_LIMITS: Record<FileKind, number> = {
  image: 28 * MB,
  audio: 20 * MB,
  video: 100 * MB,
  file: 100 * MB,
}

/** im_cos_msg.pre_sig's file_type as tim-wx-sdk 2.27.6 sends it: 1 image, 2 video, 3 audio, 255 file. */
export function kindOfFileType(fileType: number | undefined): FileKind {
  if (fileType === 1) return 'image'
  if (fileType === 2) return 'video'
  if (fileType === 3) return 'audio'
  return 'file'
}

interface Format {
  extensions: string[]
  contentType: string
  /** Whether the first bytes are this format's; absent when the format has no signature (PCM). */
  matches?: (head: Buffer) => boolean
}

const ascii = (head: Buffer, offset: number, text: string) =>
  head.subarray(offset, offset + text.length).toString('latin1') === text
const bytes = (head: Buffer, values: number[]) => values.every((value, i) => head[i] === value)
/** ISO base media (MP4, M4A, QuickTime): a box type at offset 4. */
const isoBox = (head: Buffer, types: string[]) => types.some((type) => ascii(head, 4, type))

const FORMATS: Record<Exclude<FileKind, 'file'>, Format[]> = {
  // tim-wx-sdk's image types: jpg, jpeg, gif, png, bmp, webp.
  image: [
    {
      extensions: ['.jpg', '.jpeg'],
      contentType: 'image/jpeg',
      matches: (h) => bytes(h, [0xff, 0xd8, 0xff]),
    },
    {
      extensions: ['.png'],
      contentType: 'image/png',
      matches: (h) => bytes(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    },
    {
      extensions: ['.gif'],
      contentType: 'image/gif',
      matches: (h) => ascii(h, 0, 'GIF87a') || ascii(h, 0, 'GIF89a'),
    },
    { extensions: ['.bmp'], contentType: 'image/bmp', matches: (h) => ascii(h, 0, 'BM') },
    {
      extensions: ['.webp'],
      contentType: 'image/webp',
      matches: (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP'),
    },
  ],
  // tim-wx-sdk's video types: mp4, mov (quicktime).
  video: [
    { extensions: ['.mp4'], contentType: 'video/mp4', matches: (h) => isoBox(h, ['ftyp']) },
    {
      extensions: ['.mov'],
      contentType: 'video/quicktime',
      matches: (h) => isoBox(h, ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip']),
    },
  ],
  // What WeChat's RecorderManager writes (aac, mp3, wav, PCM) and the common voice containers.
  audio: [
    {
      extensions: ['.mp3'],
      contentType: 'audio/mpeg',
      matches: (h) => ascii(h, 0, 'ID3') || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
    },
    {
      extensions: ['.aac'],
      contentType: 'audio/aac',
      matches: (h) => (h[0] === 0xff && ((h[1] ?? 0) & 0xf6) === 0xf0) || ascii(h, 0, 'ADIF'),
    },
    { extensions: ['.m4a'], contentType: 'audio/mp4', matches: (h) => isoBox(h, ['ftyp']) },
    {
      extensions: ['.wav'],
      contentType: 'audio/wav',
      matches: (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WAVE'),
    },
    { extensions: ['.amr'], contentType: 'audio/amr', matches: (h) => ascii(h, 0, '#!AMR') },
    {
      extensions: ['.silk'],
      contentType: 'audio/silk',
      matches: (h) => ascii(h, 0, '#!SILK') || ascii(h, 1, '#!SILK'),
    },
    {
      extensions: ['.ogg', '.opus'],
      contentType: 'audio/ogg',
      matches: (h) => ascii(h, 0, 'OggS'),
    },
    { extensions: ['.pcm'], contentType: 'application/octet-stream' },
  ],
}

/** Content types of documents a chat commonly carries as files. */
const DOCUMENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
}

const ALL_FORMATS = Object.values(FORMATS).flat()

/** The Content-Type a stored file is served with, by its name's extension. */
export function contentTypeOf(name: string): string {
  const extension = extname(name).toLowerCase()
  const format = ALL_FORMATS.find((f) => f.extensions.includes(extension))
  return format?.contentType ?? DOCUMENT_TYPES[extension] ?? 'application/octet-stream'
}

/**
 * Why an upload is not of this kind, or undefined when it is: images, videos and voice must have
 * one of their kind's extensions and start with that format's bytes; a file may be anything.
 */
export function typeProblem(kind: FileKind, name: string, data: Buffer): string | undefined {
  if (kind === 'file') return undefined
  const extension = extname(name).toLowerCase()
  const format = FORMATS[kind].find((f) => f.extensions.includes(extension))
  if (!format) {
    const allowed = FORMATS[kind].flatMap((f) => f.extensions).join(', ')
    return `a ${kind} must be one of ${allowed}, not "${extension || 'no extension'}"`
  }
  if (format.matches && !format.matches(data.subarray(0, 16))) {
    return `the bytes are not a ${extension.slice(1)} file`
  }
  return undefined
}
