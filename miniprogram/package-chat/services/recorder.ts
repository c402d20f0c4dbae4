/**
 * wx.getRecorderManager() for voice messages. The manager is one per app and its on* listeners cannot be
 * removed, so they are registered once here and passed on to the one recording in progress.
 */
import type { RecordedVoice } from '../../im/index'

/** AAC as Tencent's own mini-program demos record it: plays on every IM platform (iOS writes it as .m4a). */
export const VOICE_RECORD_OPTIONS = {
  duration: 60_000,
  sampleRate: 44100,
  numberOfChannels: 1,
  encodeBitRate: 192000,
  format: 'aac',
} as const

export interface RecordingListener {
  onStart(): void
  onStop(recorded: RecordedVoice): void
  onError(errMsg: string): void
}

let manager: WechatMiniprogram.RecorderManager | undefined
let current: RecordingListener | undefined

function recorder(): WechatMiniprogram.RecorderManager {
  if (manager) return manager
  const created = wx.getRecorderManager()
  created.onStart(() => current?.onStart())
  created.onStop((result) => {
    const listener = current
    current = undefined
    listener?.onStop({
      tempFilePath: result.tempFilePath,
      duration: result.duration,
      fileSize: result.fileSize,
    })
  })
  created.onError((result) => {
    const listener = current
    current = undefined
    listener?.onError(result.errMsg)
  })
  manager = created
  return created
}

/** Starts the microphone; `listener` hears this recording's start, its end (onStop) or its failure. */
export function startRecording(listener: RecordingListener, maxDurationMs: number): void {
  current = listener
  recorder().start({ ...VOICE_RECORD_OPTIONS, duration: maxDurationMs })
}

/** Ends the recording in progress; its listener gets onStop with the file. */
export function stopRecording(): void {
  recorder().stop()
}
