// wx.createInnerAudioContext() and wx.setInnerAudioOption(): a context loads its src (a temp path, a project
// file or an http URL), reads the length from the file, and plays on the host's clock: currentTime advances in
// real time, onTimeUpdate fires about every 250 ms and onEnded when the file's length is reached. Whether anyone
// hears it follows the iOS silent switch (a test control) and obeyMuteSwitch.
import { mimeOf } from '../core/files'
import { audioDuration } from '../core/media-info'
import type { DefineAsync } from './define'
import type { WxHost, WxObject } from './host'

type Listener = (result?: unknown) => void
type AudioHost = Pick<WxHost, 'media' | 'files' | 'reporter'>

const TICK_MS = 250
const EVENTS = [
  'canplay',
  'play',
  'pause',
  'stop',
  'ended',
  'timeUpdate',
  'error',
  'waiting',
  'seeking',
  'seeked',
] as const

// InnerAudioContext.onError codes: 10001 system, 10002 network, 10003 file, 10004 format.
function errorOf(error: unknown, remote: boolean): { errMsg: string; errCode: number } {
  const message = error instanceof Error ? error.message : String(error)
  if (/duration|audio|format|MPEG|parse/i.test(message)) return { errMsg: message, errCode: 10004 }
  return { errMsg: message, errCode: remote ? 10002 : 10003 }
}

export function installAudio(wx: WxObject, define: DefineAsync, host: AudioHost): void {
  let nextId = 1
  define('setInnerAudioOption', (options) => {
    const option = host.media.innerAudioOption
    if (options.obeyMuteSwitch !== undefined)
      option.obeyMuteSwitch = Boolean(options.obeyMuteSwitch)
    if (options.mixWithOther !== undefined) option.mixWithOther = Boolean(options.mixWithOther)
    if (options.speakerOn !== undefined) option.speakerOn = Boolean(options.speakerOn)
    return {}
  })

  wx.createInnerAudioContext = (_options?: unknown) => {
    const id = nextId++
    const listeners = new Map<string, Set<Listener>>(EVENTS.map((name) => [name, new Set()]))
    const emit = (name: string, result: unknown = {}): void => {
      for (const fn of [...(listeners.get(name) ?? [])]) host.reporter.callSafely(fn, result)
    }
    let src = ''
    let duration = 0
    let loaded: Promise<boolean> | undefined
    let paused = true
    let position = 0
    let playingSince = 0
    let plays = 0
    let destroyed = false
    let wantsPlay = false
    let ticker: NodeJS.Timeout | undefined
    const state = { autoplay: false, loop: false, volume: 1, playbackRate: 1, startTime: 0 }
    let obeyMuteSwitch: boolean | undefined

    const currentTime = (): number => {
      if (paused) return position
      const now = position + ((Date.now() - playingSince) / 1000) * state.playbackRate
      return Math.min(duration, now)
    }
    const halt = (): void => {
      position = currentTime()
      paused = true
      if (ticker) clearInterval(ticker)
      ticker = undefined
    }
    const tick = (): void => {
      const now = currentTime()
      emit('timeUpdate')
      if (duration > 0 && now >= duration) {
        if (state.loop) {
          position = 0
          playingSince = Date.now()
          return
        }
        halt()
        position = duration
        emit('ended')
      }
    }
    const begin = (): void => {
      if (destroyed || !paused) return
      if (position >= duration) position = 0
      paused = false
      playingSince = Date.now()
      plays++
      ticker = setInterval(tick, TICK_MS)
      ticker.unref()
      emit('play')
    }
    const load = (): Promise<boolean> => {
      const remote = /^https?:\/\//.test(src) && !/^http:\/\/(tmp|usr)\//.test(src)
      const loading = host.files
        .read(src)
        .then((bytes) => audioDuration(bytes, mimeOf(src)))
        .then(
          (seconds) => {
            duration = seconds
            emit('canplay')
            return true
          },
          (error: unknown) => {
            emit('error', errorOf(error, remote))
            return false
          },
        )
      return loading
    }

    const context: Record<string, unknown> = {
      play: () => {
        if (destroyed) return
        if (!src) return emit('error', { errMsg: 'src is empty', errCode: 10003 })
        wantsPlay = true
        loaded ??= load()
        void loaded.then((ok) => {
          if (ok && wantsPlay) begin()
        })
        if (duration === 0) emit('waiting')
      },
      pause: () => {
        wantsPlay = false
        if (paused) return
        halt()
        emit('pause')
      },
      stop: () => {
        wantsPlay = false
        halt()
        position = 0
        emit('stop')
      },
      seek: (seconds: unknown) => {
        emit('seeking')
        const target = Math.max(0, Math.min(duration || Infinity, Number(seconds) || 0))
        position = target
        if (!paused) playingSince = Date.now()
        emit('seeked')
      },
      destroy: () => {
        halt()
        destroyed = true
        host.media.audios.delete(id)
        for (const set of listeners.values()) set.clear()
      },
    }
    for (const name of EVENTS) {
      const suffix = `${name.charAt(0).toUpperCase()}${name.slice(1)}`
      context[`on${suffix}`] = (fn: Listener) => {
        if (typeof fn === 'function') listeners.get(name)?.add(fn)
      }
      context[`off${suffix}`] = (fn?: Listener) => {
        if (fn) listeners.get(name)?.delete(fn)
        else listeners.get(name)?.clear()
      }
    }
    Object.defineProperties(context, {
      src: {
        enumerable: true,
        get: () => src,
        set: (value: unknown) => {
          halt()
          src = String(value ?? '')
          position = state.startTime
          duration = 0
          loaded = src ? load() : undefined
          if (state.autoplay && src) (context.play as () => void)()
        },
      },
      duration: { enumerable: true, get: () => duration },
      currentTime: { enumerable: true, get: () => currentTime() },
      paused: { enumerable: true, get: () => paused },
      buffered: { enumerable: true, get: () => duration },
      obeyMuteSwitch: {
        enumerable: true,
        get: () => obeyMuteSwitch ?? host.media.innerAudioOption.obeyMuteSwitch,
        set: (value: unknown) => (obeyMuteSwitch = Boolean(value)),
      },
    })
    for (const key of Object.keys(state) as (keyof typeof state)[]) {
      Object.defineProperty(context, key, {
        enumerable: true,
        get: () => state[key],
        set: (value: unknown) => {
          ;(state as Record<string, unknown>)[key] =
            typeof state[key] === 'boolean' ? Boolean(value) : Number(value)
        },
      })
    }
    host.media.audios.set(id, () => ({
      id,
      src,
      paused,
      currentTime: Number(currentTime().toFixed(3)),
      duration,
      audible:
        !paused &&
        state.volume > 0 &&
        !(
          host.media.silentSwitch &&
          (obeyMuteSwitch ?? host.media.innerAudioOption.obeyMuteSwitch)
        ),
      plays,
      destroyed,
    }))
    return context
  }
}
