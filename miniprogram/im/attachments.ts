/**
 * Videos and files the user sends: checked against Tencent's limits before anything is made (a clear error,
 * nothing sent), then made as the SDK's video or file message, uploaded through the plugin on send, with the
 * upload's progress reported per message. Sent through messages.send, so a failure shows 发送失败 and resends.
 */
import type { ChatSDK, Message } from 'tim-wx-sdk'
import type { MessageView } from '../models/types'
import { AppErrorCode, ImError } from './errors'

/** Tencent's cap for a video message and for a file message (tim-wx-sdk's UPLOAD_SIZE_LIMIT): 100 MB each. */
export const VIDEO_MAX_BYTES = 100 * 1024 * 1024
export const FILE_MAX_BYTES = 100 * 1024 * 1024
/** The app's own cap on a video's length (the album has none; the camera stops at chooseMedia's 60 s). */
export const VIDEO_MAX_SECONDS = 300
/** What tim-wx-sdk uploads as a video (anything else fails in the SDK with a bare code). */
const VIDEO_FORMATS = new Set(['mp4', 'mov'])

export const VIDEO_TOO_BIG = '视频不能超过 100 MB'
export const VIDEO_TOO_LONG = '视频时长不能超过 5 分钟'
export const VIDEO_WRONG_FORMAT = '只能发送 MP4 或 MOV 格式的视频'
export const FILE_TOO_BIG = '文件不能超过 100 MB'
export const FILE_EMPTY = '不能发送空文件'

/** A video as wx.chooseMedia hands it over (one of its tempFiles). */
export interface PickedVideo {
  tempFilePath: string
  size: number
  /** Seconds. */
  duration: number
  width?: number
  height?: number
}

/** A file as wx.chooseMessageFile hands it over (one of its tempFiles). */
export interface PickedFile {
  path: string
  size: number
  name: string
}

/** Upload progress of a message being sent, 0–100. */
export type UploadProgress = (messageID: string, percent: number) => void

export interface AttachmentsContext {
  send(make: (tim: ChatSDK) => Message): Promise<MessageView>
  requirePeer(peerID: string): string
}

function refuse(field: string, message: string): never {
  throw new ImError(AppErrorCode.INVALID_ARGUMENT, field, message)
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.')
  return dot >= 0 ? path.slice(dot + 1).toLowerCase() : ''
}

/** The SDK reports 0–1; pages show whole percents. A throwing listener must not fail the send. */
function progressOf(report: UploadProgress | undefined, message: () => Message | undefined) {
  return (fraction: number) => {
    const made = message()
    if (!report || !made) return
    try {
      report(made.ID, Math.min(100, Math.max(0, Math.round(fraction * 100))))
    } catch (_listenerFailed) {
      // The page went away meanwhile: the upload goes on regardless.
    }
  }
}

function checkVideo(video: PickedVideo): void {
  if (!video || typeof video.tempFilePath !== 'string' || video.tempFilePath === '') {
    refuse('video', '请选择视频')
  }
  if (!VIDEO_FORMATS.has(extensionOf(video.tempFilePath))) refuse('video', VIDEO_WRONG_FORMAT)
  if (!(video.size > 0)) refuse('video', FILE_EMPTY)
  if (video.size > VIDEO_MAX_BYTES) refuse('video', VIDEO_TOO_BIG)
  if (video.duration > VIDEO_MAX_SECONDS) refuse('video', VIDEO_TOO_LONG)
}

function checkFile(file: PickedFile): void {
  if (!file || typeof file.path !== 'string' || file.path === '') refuse('file', '请选择文件')
  if (!(file.size > 0)) refuse('file', FILE_EMPTY)
  if (file.size > FILE_MAX_BYTES) refuse('file', FILE_TOO_BIG)
}

export function createAttachments(context: AttachmentsContext) {
  /**
   * Makes and sends the message `make` builds for the checked input; a refusal rejects with its text before
   * any message exists. Not async: that keeps Babel's ES5 generator code out of the main package.
   */
  function sendChecked(
    peerID: string,
    check: () => void,
    onProgress: UploadProgress | undefined,
    make: (tim: ChatSDK, to: string, progress: (fraction: number) => void) => Message,
  ): Promise<MessageView> {
    try {
      const to = context.requirePeer(peerID)
      check()
      let made: Message | undefined
      const progress = progressOf(onProgress, () => made)
      return context.send((tim) => (made = make(tim, to, progress)))
    } catch (refusal) {
      return Promise.reject(refusal)
    }
  }

  return {
    api: {
      sendVideo: (peerID: string, video: PickedVideo, onProgress?: UploadProgress) =>
        sendChecked(
          peerID,
          () => checkVideo(video),
          onProgress,
          (tim, to, progress) =>
            tim.createVideoMessage({
              to,
              conversationType: 'C2C',
              payload: {
                file: {
                  tempFiles: [
                    {
                      tempFilePath: video.tempFilePath,
                      size: video.size,
                      duration: Math.round(video.duration),
                      width: video.width,
                      height: video.height,
                    },
                  ],
                },
              },
              onProgress: progress,
            }),
        ),
      sendFile: (peerID: string, file: PickedFile, onProgress?: UploadProgress) =>
        sendChecked(
          peerID,
          () => checkFile(file),
          onProgress,
          (tim, to, progress) =>
            tim.createFileMessage({
              to,
              conversationType: 'C2C',
              payload: {
                file: {
                  tempFiles: [{ path: file.path, size: file.size, name: file.name, type: 'file' }],
                },
              },
              onProgress: progress,
            }),
        ),
    },
  }
}
