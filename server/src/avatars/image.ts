/**
 * Decides from its bytes alone whether an upload is an avatar this server takes: JPEG or PNG, the
 * formats chooseAvatar, the camera and the album hand a mini-program, parsed far enough to read sane
 * dimensions. GIF is refused (an animation can hide frames a reviewer of the first never sees) and so
 * is WebP (no WeChat picker produces it). The file name and the claimed Content-Type are never trusted.
 */
import { imageSize } from 'image-size'

export const AVATAR_TYPES = {
  jpg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
} as const
export type AvatarType = keyof typeof AVATAR_TYPES

export const MIN_AVATAR_SIDE = 16
export const MAX_AVATAR_SIDE = 4096

/** The magic numbers, checked before any parser sees the bytes. */
function sniff(bytes: Buffer): AvatarType | 'gif' | 'webp' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png'
  }
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'webp'
  }
  if (bytes.toString('latin1', 0, 6) === 'GIF87a' || bytes.toString('latin1', 0, 6) === 'GIF89a') {
    return 'gif'
  }
  return undefined
}

/**
 * A whole file has its format's end marker: PNG ends with its IEND chunk; a JPEG has an EOI (FF D9)
 * somewhere after its start, since some cameras append data after it.
 */
function endsWhole(bytes: Buffer, type: AvatarType): boolean {
  if (type === 'png') {
    return (
      bytes.length >= 20 && bytes.toString('latin1', bytes.length - 8, bytes.length - 4) === 'IEND'
    )
  }
  return bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) > 2
}

export type ImageInspection =
  | { ok: true; type: AvatarType; contentType: string; width: number; height: number }
  | { ok: false; code: 'unsupported_image' | 'invalid_image' | 'image_dimensions'; message: string }

export function inspectAvatar(bytes: Buffer): ImageInspection {
  const sniffed = sniff(bytes)
  if (sniffed === undefined || sniffed === 'gif' || sniffed === 'webp') {
    return {
      ok: false,
      code: 'unsupported_image',
      message: `avatars must be JPEG or PNG; this file is ${sniffed ?? 'not an image'} (judged by its bytes)`,
    }
  }
  if (!endsWhole(bytes, sniffed)) {
    return { ok: false, code: 'invalid_image', message: `the ${sniffed} image is truncated` }
  }
  let size: { width?: number; height?: number; type?: string }
  try {
    size = imageSize(bytes)
  } catch (_undecodable) {
    return {
      ok: false,
      code: 'invalid_image',
      message: `the ${sniffed} image is damaged or truncated`,
    }
  }
  const { width, height } = size
  if (size.type !== sniffed || !Number.isInteger(width) || !Number.isInteger(height)) {
    return {
      ok: false,
      code: 'invalid_image',
      message: `the ${sniffed} image has no readable size`,
    }
  }
  if (width === undefined || height === undefined) {
    return {
      ok: false,
      code: 'invalid_image',
      message: `the ${sniffed} image has no readable size`,
    }
  }
  if (
    width < MIN_AVATAR_SIDE ||
    height < MIN_AVATAR_SIDE ||
    width > MAX_AVATAR_SIDE ||
    height > MAX_AVATAR_SIDE
  ) {
    return {
      ok: false,
      code: 'image_dimensions',
      message: `avatars must be ${MIN_AVATAR_SIDE}–${MAX_AVATAR_SIDE} px on each side, got ${width}×${height}`,
    }
  }
  return { ok: true, type: sniffed, contentType: AVATAR_TYPES[sniffed].contentType, width, height }
}
