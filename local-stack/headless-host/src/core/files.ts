// Files the mini-program sees (temp paths, project files, http URLs) and the sizes of the pictures in them.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const TEMP_PREFIX = 'http://tmp/'
export const USER_DATA_PREFIX = 'http://usr/'

export class FileSpace {
  readonly tempDir: string
  readonly userDir: string

  constructor(private readonly projectDir: string) {
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-host-'))
    this.userDir = path.join(this.tempDir, 'usr')
    fs.mkdirSync(this.userDir)
  }

  /** Stores bytes as a new temp file and returns the path the mini-program sees. */
  storeTemp(bytes: Buffer, extension: string): string {
    const name = `${crypto.randomBytes(8).toString('hex')}${extension}`
    fs.writeFileSync(path.join(this.tempDir, name), bytes)
    return `${TEMP_PREFIX}${name}`
  }

  /** Maps a path the mini-program uses to a file on this machine, or undefined for a remote URL. */
  localPath(file: string): string | undefined {
    const inside = (base: string, relative: string): string => {
      const resolved = path.resolve(base, relative)
      if (!resolved.startsWith(path.resolve(base)))
        throw new Error(`${file} is outside the host's files`)
      return resolved
    }
    if (file.startsWith(TEMP_PREFIX)) return inside(this.tempDir, file.slice(TEMP_PREFIX.length))
    if (file.startsWith('wxfile://tmp/'))
      return inside(this.tempDir, file.slice('wxfile://tmp/'.length))
    if (file.startsWith(USER_DATA_PREFIX))
      return inside(this.userDir, file.slice(USER_DATA_PREFIX.length))
    if (/^https?:\/\//.test(file) || file.startsWith('data:')) return undefined
    return inside(this.projectDir, file.replace(/^\//, ''))
  }

  async read(file: string): Promise<Buffer> {
    if (file.startsWith('data:')) {
      const comma = file.indexOf(',')
      const meta = file.slice(5, comma)
      const body = file.slice(comma + 1)
      return meta.endsWith(';base64')
        ? Buffer.from(body, 'base64')
        : Buffer.from(decodeURIComponent(body))
    }
    const local = this.localPath(file)
    if (local) return fs.promises.readFile(local)
    const response = await fetch(file)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return Buffer.from(await response.arrayBuffer())
  }

  dispose(): void {
    fs.rmSync(this.tempDir, { recursive: true, force: true })
  }
}

export interface ImageSize {
  width: number
  height: number
  type: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp'
}

/** Reads a picture's size from its header (PNG, JPEG, GIF, WebP, BMP). */
export function imageSize(bytes: Buffer): ImageSize {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { type: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
  }
  if (bytes.length >= 10 && bytes.toString('ascii', 0, 3) === 'GIF') {
    return { type: 'gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
  }
  if (bytes.length >= 26 && bytes.toString('ascii', 0, 2) === 'BM') {
    return { type: 'bmp', width: bytes.readInt32LE(18), height: Math.abs(bytes.readInt32LE(22)) }
  }
  if (
    bytes.length >= 30 &&
    bytes.toString('ascii', 0, 4) === 'RIFF' &&
    bytes.toString('ascii', 8, 12) === 'WEBP'
  ) {
    const chunk = bytes.toString('ascii', 12, 16)
    if (chunk === 'VP8X') {
      return {
        type: 'webp',
        width: 1 + bytes.readUIntLE(24, 3),
        height: 1 + bytes.readUIntLE(27, 3),
      }
    }
    if (chunk === 'VP8L') {
      const bits = bytes.readUInt32LE(21)
      return { type: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) }
    }
    return {
      type: 'webp',
      width: bytes.readUInt16LE(26) & 0x3fff,
      height: bytes.readUInt16LE(28) & 0x3fff,
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) {
        offset++
        continue
      }
      const marker = bytes[offset + 1] ?? 0
      const length = bytes.readUInt16BE(offset + 2)
      const isFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
      if (isFrame) {
        return {
          type: 'jpeg',
          height: bytes.readUInt16BE(offset + 5),
          width: bytes.readUInt16BE(offset + 7),
        }
      }
      offset += 2 + length
    }
  }
  throw new Error('unsupported image format')
}

export function mimeOf(file: string): string {
  const extension = path.extname(file.split('?')[0] ?? '').toLowerCase()
  const types: Record<string, string> = {
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.svg': 'image/svg+xml',
    '.bmp': 'image/bmp',
    '.mp4': 'video/mp4',
    '.mov': 'video/quicktime',
    '.mp3': 'audio/mpeg',
    '.m4a': 'audio/mp4',
    '.aac': 'audio/aac',
    '.wav': 'audio/wav',
    '.silk': 'audio/silk',
    '.pdf': 'application/pdf',
    '.doc': 'application/msword',
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xls': 'application/vnd.ms-excel',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.ppt': 'application/vnd.ms-powerpoint',
    '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    '.txt': 'text/plain',
    '.zip': 'application/zip',
  }
  return types[extension] ?? 'application/octet-stream'
}
