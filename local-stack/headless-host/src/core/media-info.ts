// How long a recording or a video is and how big a video's picture is, read from the file itself: audio with
// music-metadata (mp3, m4a, aac, wav …), MP4 video with mp4box; a video's first frame comes from a provider
// that can decode it (Chromium).
import { createFile, MP4BoxBuffer } from 'mp4box'

export interface MediaInfo {
  /** Seconds (0 when the file does not say). */
  duration: number
  width: number
  height: number
}

type ParseBuffer = (
  bytes: Uint8Array,
  fileInfo?: { mimeType?: string; size?: number },
  options?: { duration?: boolean; skipCovers?: boolean },
) => Promise<{ format: { duration?: number } }>

let parser: Promise<ParseBuffer> | undefined

// music-metadata is an ES module: loaded once, on first use.
function parseBuffer(): Promise<ParseBuffer> {
  parser ??= import('music-metadata').then((module) => module.parseBuffer as unknown as ParseBuffer)
  return parser
}

/** An audio file's length in seconds; rejects when the bytes are not audio music-metadata knows. */
export async function audioDuration(bytes: Buffer, mimeType?: string): Promise<number> {
  const parse = await parseBuffer()
  const { format } = await parse(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    { mimeType, size: bytes.length },
    { duration: true, skipCovers: true },
  )
  if (!format.duration) throw new Error('the file has no audio duration')
  return format.duration
}

/** An MP4 / MOV video's length and picture size from its boxes; rejects when it is not one. */
export function videoInfo(bytes: Buffer): Promise<MediaInfo> {
  return new Promise((resolve, reject) => {
    const file = createFile()
    let done = false
    file.onReady = (info) => {
      done = true
      const video = info.videoTracks[0]?.video
      resolve({
        duration: info.timescale ? info.duration / info.timescale : 0,
        width: video?.width ?? 0,
        height: video?.height ?? 0,
      })
    }
    file.onError = (_module: string, message: string) => {
      done = true
      reject(new Error(`not an MP4 video: ${message}`))
    }
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy as ArrayBuffer, 0))
    file.flush()
    if (!done) reject(new Error('not an MP4 video: no movie header'))
  })
}

/** Something that can decode a video's first frame to a JPEG (the Chromium renderer). */
export interface FrameGrabber {
  firstFrame(bytes: Buffer, mimeType: string): Promise<Buffer>
}

export class VideoFrames {
  provider: FrameGrabber | undefined

  async firstFrame(bytes: Buffer, mimeType: string): Promise<Buffer> {
    if (!this.provider)
      throw new Error('a video thumbnail needs Chromium to decode the video (not installed)')
    return this.provider.firstFrame(bytes, mimeType)
  }
}
