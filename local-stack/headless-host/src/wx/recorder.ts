// wx.getRecorderManager(): the one recorder of the app. What the microphone hears is an audio file (a test's,
// set with hostSetRecording, or the host's own in assets/ for the asked format); how long the person spoke is
// the real time between start and stop (pauses left out), or the test's durationMs, capped by `duration`.
// scope.record is asked on start as WeChat does: a refusal ends in onError and nothing is recorded.
import fs from 'node:fs'
import path from 'node:path'
import { ASSETS_DIR, type RecorderSnapshot } from '../core/media-state'
import type { WxHost, WxObject, WxOptions } from './host'

type Listener = (result?: unknown) => void
type State = RecorderSnapshot['state']

const MAX_DURATION_MS = 600000
const FORMATS: Record<string, string> = { mp3: '.mp3', aac: '.aac', wav: '.wav', pcm: '.pcm' }
const EVENTS = [
  'start',
  'pause',
  'resume',
  'stop',
  'frameRecorded',
  'error',
  'interruptionBegin',
  'interruptionEnd',
] as const

type RecorderHost = Pick<WxHost, 'permissions' | 'media' | 'files' | 'reporter'>

/** The microphone's recording for `format`: the test's file when it has that format, else the host's own. */
function sourceFor(host: RecorderHost, format: string): { bytes: Buffer; durationMs?: number } {
  const chosen = host.media.recording
  const extension = FORMATS[format] ?? ''
  if (chosen) {
    const own = path.extname(chosen.file).toLowerCase()
    const fits = own === extension || (format === 'aac' && own === '.m4a')
    if (!fits)
      throw new Error(
        `the microphone's file ${path.basename(chosen.file)} is not ${format} (set a ${format} file with hostSetRecording)`,
      )
    return { bytes: fs.readFileSync(chosen.file), durationMs: chosen.durationMs }
  }
  if (format === 'pcm') {
    // Raw samples: the host's WAV without its 44-byte header.
    return { bytes: fs.readFileSync(path.join(ASSETS_DIR, 'microphone.wav')).subarray(44) }
  }
  return { bytes: fs.readFileSync(path.join(ASSETS_DIR, `microphone${extension}`)) }
}

export function installRecorder(wx: WxObject, host: RecorderHost): void {
  const listeners = new Map<string, Set<Listener>>(EVENTS.map((name) => [name, new Set()]))
  const emit = (name: string, result: unknown = {}): void => {
    for (const fn of [...(listeners.get(name) ?? [])]) host.reporter.callSafely(fn, result)
  }
  const fail = (reason: string): void => emit('error', { errMsg: `operateRecorder:fail ${reason}` })

  let state: State = 'idle'
  let format = ''
  let recordings = 0
  let limitMs = 60000
  let frameBytes = 0
  let bytes: Buffer = Buffer.alloc(0)
  let spokenMs: number | undefined
  let extension = ''
  let elapsedBefore = 0
  let resumedAt = 0
  let framesSent = 0
  let timer: NodeJS.Timeout | undefined
  let frameTimer: NodeJS.Timeout | undefined

  const elapsed = (): number => elapsedBefore + (state === 'recording' ? Date.now() - resumedAt : 0)
  const clearTimers = (): void => {
    if (timer) clearTimeout(timer)
    if (frameTimer) clearInterval(frameTimer)
    timer = undefined
    frameTimer = undefined
  }
  // Auto-stop when the recording reaches `duration` (WeChat stops by itself and fires onStop).
  const armLimit = (): void => {
    timer = setTimeout(() => finish(true), Math.max(0, limitMs - elapsed()))
    timer.unref()
  }
  // With frameSize, the file's bytes come out in frames as the recording advances (its share of the file).
  const sendFrames = (last: boolean): void => {
    if (frameBytes <= 0) return
    const fileMs = spokenMs ?? limitMs
    const due = last
      ? bytes.length
      : Math.floor((bytes.length * Math.min(1, elapsed() / fileMs)) / frameBytes) * frameBytes
    while (framesSent < due || (last && framesSent < bytes.length)) {
      const end = Math.min(bytes.length, framesSent + frameBytes)
      const frame = bytes.subarray(framesSent, end)
      framesSent = end
      const buffer = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength)
      emit('frameRecorded', { frameBuffer: buffer, isLastFrame: last && end >= bytes.length })
    }
  }
  // A timer may fire a millisecond before Date.now() says the limit passed: a recording stopped by
  // its limit is exactly as long as the limit.
  const finish = (reachedLimit = false): void => {
    if (state !== 'recording' && state !== 'paused') return
    sendFrames(true)
    const held = reachedLimit ? limitMs : elapsed()
    const duration = Math.min(limitMs, Math.round(spokenMs ?? held))
    clearTimers()
    state = 'idle'
    recordings++
    const tempFilePath = host.files.storeTemp(bytes, extension)
    emit('stop', { tempFilePath, duration, fileSize: bytes.length })
  }

  const start = (options: WxOptions = {}): void => {
    if (state !== 'idle') return fail('is recording or paused')
    const asked = String(options.format ?? 'aac').toLowerCase()
    if (!(asked in FORMATS)) return fail(`invalid format ${String(options.format)}`)
    if (!host.permissions.request('scope.record')) return fail('auth deny')
    let source: { bytes: Buffer; durationMs?: number }
    try {
      source = sourceFor(host, asked)
    } catch (error) {
      return fail((error as Error).message)
    }
    format = asked
    extension = FORMATS[asked] ?? ''
    bytes = source.bytes
    spokenMs = source.durationMs
    limitMs = Math.min(MAX_DURATION_MS, Math.max(1, Number(options.duration ?? 60000) || 60000))
    frameBytes =
      (asked === 'mp3' || asked === 'pcm') && Number(options.frameSize) > 0
        ? Math.round(Number(options.frameSize) * 1024)
        : 0
    elapsedBefore = 0
    framesSent = 0
    state = 'starting'
    // The microphone starts a moment after the call, as on a phone: onStart comes asynchronously.
    setImmediate(() => {
      if (state !== 'starting') return
      state = 'recording'
      resumedAt = Date.now()
      armLimit()
      if (frameBytes > 0) {
        frameTimer = setInterval(() => sendFrames(false), 100)
        frameTimer.unref()
      }
      emit('start')
    })
  }
  const pause = (): void => {
    if (state !== 'recording') return
    elapsedBefore = elapsed()
    state = 'paused'
    if (timer) clearTimeout(timer)
    emit('pause')
  }
  const resume = (): void => {
    if (state !== 'paused') return
    state = 'recording'
    resumedAt = Date.now()
    armLimit()
    emit('resume')
  }
  const stop = (): void => {
    if (state === 'starting') {
      // Stopped before the microphone started: nothing was recorded.
      state = 'idle'
      return fail('recorder not start')
    }
    if (state === 'idle') return fail('recorder not start')
    finish()
  }

  host.media.recorder = () => ({ state, format, recordings })
  host.media.interruptRecording = (ended) => {
    if (ended) return emit('interruptionEnd')
    emit('interruptionBegin')
    pause()
  }

  const manager: Record<string, unknown> = { start, pause, resume, stop }
  for (const name of EVENTS) {
    const key = `on${name.charAt(0).toUpperCase()}${name.slice(1)}`
    manager[key] = (fn: Listener) => {
      if (typeof fn === 'function') listeners.get(name)?.add(fn)
    }
  }
  wx.getRecorderManager = () => manager
}
