// The phone's media around the mini-program: what its microphone hears (a test's audio file), the files in
// the person's WeChat chats (chooseMessageFile), the iOS silent switch, audio options the app set, and what
// the app opened or shared: state the wx media APIs use and tests read.
import path from 'node:path'

/** What the microphone records: an audio file, and optionally how long the person speaks (ms). */
export interface RecordingSource {
  file: string
  durationMs?: number
}

export interface OpenedDocument {
  filePath: string
  fileType: string
  showMenu: boolean
}

/** What a chooseMedia call asked the picker for. */
export interface MediaRequest {
  mediaType: string[]
  sourceType: string[]
  maxDuration: number
  camera: string
  count: number
}

export interface SharedFile {
  filePath: string
  fileName: string
}

/** One InnerAudioContext as a test sees it. */
export interface AudioSnapshot {
  id: number
  src: string
  paused: boolean
  currentTime: number
  duration: number
  /** False while the silent switch is on and the context obeys it: the app plays, nobody hears it. */
  audible: boolean
  plays: number
  destroyed: boolean
}

export interface RecorderSnapshot {
  state: 'idle' | 'starting' | 'recording' | 'paused'
  format: string
  recordings: number
}

/** Recordings the host ships, by format, used until a test sets its own (assets/). */
export const ASSETS_DIR = path.resolve(__dirname, '../../assets')

export class MediaState {
  recording: RecordingSource | undefined
  /** What chooseMessageFile offers (none: the person cancelled). */
  messageFiles: string[] = []
  silentSwitch = false
  readonly innerAudioOption = { obeyMuteSwitch: true, mixWithOther: true, speakerOn: true }
  readonly documents: OpenedDocument[] = []
  readonly sharedFiles: SharedFile[] = []
  readonly mediaRequests: MediaRequest[] = []
  readonly audios = new Map<number, () => AudioSnapshot>()
  recorder: () => RecorderSnapshot = () => ({ state: 'idle', format: '', recordings: 0 })
  /** Hooks the recorder installs: the system interrupts a recording (a call) and gives the microphone back. */
  interruptRecording: (ended: boolean) => void = () => undefined

  audioState(): Record<string, unknown> {
    return {
      option: { ...this.innerAudioOption },
      silentSwitch: this.silentSwitch,
      contexts: [...this.audios.values()].map((snapshot) => snapshot()),
      recorder: this.recorder(),
    }
  }
}
