/**
 * The chat's "按住 说话" button: press and hold records (scope.record asked on first use), release sends, a finger
 * slid up past CANCEL_DISTANCE_PX shows "松开 取消" and releasing there sends nothing; a recording under
 * MIN_RECORDING_MS is refused with 说话时间太短; from COUNTDOWN_FROM_MS the overlay counts down, and the recorder
 * stops by itself at MAX_RECORDING_MS, which sends. A finished recording leaves as a `send` event whose detail is
 * RecorderManager.onStop's result.
 */
import { showToast } from '../../../services/ui'
import { ensureRecordPermission } from '../../services/record-permission'
import { startRecording, stopRecording } from '../../services/recorder'

/** How far up (px) the finger must slide to cancel, as in WeChat. */
export const CANCEL_DISTANCE_PX = 50
export const MIN_RECORDING_MS = 1_000
export const MAX_RECORDING_MS = 60_000
export const COUNTDOWN_FROM_MS = 50_000
const TICK_MS = 200

type Phase = 'idle' | 'asking' | 'starting' | 'recording' | 'stopping'

interface Gesture {
  phase: Phase
  /** The finger is down. */
  pressed: boolean
  startY: number
  startedAt: number
  cancelling: boolean
  ticker?: ReturnType<typeof setInterval>
}

interface RecorderData {
  recording: boolean
  cancelling: boolean
  /** Seconds left, shown from COUNTDOWN_FROM_MS on; 0 before. */
  countdown: number
}

interface RecorderComponent {
  data: RecorderData
  setData(patch: Partial<RecorderData>): void
  triggerEvent(name: string, detail?: unknown): void
}

const gestures = new WeakMap<object, Gesture>()

function gestureOf(component: object): Gesture {
  let gesture = gestures.get(component)
  if (!gesture) {
    gesture = { phase: 'idle', pressed: false, startY: 0, startedAt: 0, cancelling: false }
    gestures.set(component, gesture)
  }
  return gesture
}

function fingerY(event: WechatMiniprogram.TouchEvent): number | undefined {
  const touch = event.touches?.[0] ?? event.changedTouches?.[0]
  return touch ? touch.clientY : undefined
}

function countdownAt(elapsedMs: number): number {
  return elapsedMs >= COUNTDOWN_FROM_MS
    ? Math.max(0, Math.ceil((MAX_RECORDING_MS - elapsedMs) / 1000))
    : 0
}

function stopTicker(gesture: Gesture): void {
  if (gesture.ticker !== undefined) clearInterval(gesture.ticker)
  gesture.ticker = undefined
}

function reset(component: RecorderComponent, gesture: Gesture): void {
  stopTicker(gesture)
  gesture.phase = 'idle'
  gesture.cancelling = false
  component.setData({ recording: false, cancelling: false, countdown: 0 })
}

function begin(component: RecorderComponent, gesture: Gesture): void {
  gesture.phase = 'starting'
  startRecording(
    {
      onStart: () => {
        gesture.phase = 'recording'
        gesture.startedAt = Date.now()
        // Released while the microphone was starting: stop at once (too short, or cancelled).
        if (!gesture.pressed) {
          finish(gesture)
          return
        }
        component.setData({ recording: true, cancelling: gesture.cancelling, countdown: 0 })
        gesture.ticker = setInterval(() => {
          const countdown = countdownAt(Date.now() - gesture.startedAt)
          if (countdown !== component.data.countdown) component.setData({ countdown })
        }, TICK_MS)
      },
      onStop: (recorded) => {
        const cancelled = gesture.cancelling
        reset(component, gesture)
        if (cancelled) return
        if (!(recorded.duration >= MIN_RECORDING_MS)) {
          showToast('说话时间太短')
          return
        }
        component.triggerEvent('send', recorded)
      },
      onError: (errMsg) => {
        reset(component, gesture)
        showToast(/auth/.test(errMsg) ? '没有麦克风权限' : '录音失败')
      },
    },
    MAX_RECORDING_MS,
  )
}

function finish(gesture: Gesture): void {
  gesture.phase = 'stopping'
  stopTicker(gesture)
  stopRecording()
}

function release(component: RecorderComponent, cancel: boolean): void {
  const gesture = gestureOf(component)
  if (!gesture.pressed) return
  gesture.pressed = false
  if (cancel) gesture.cancelling = true
  // 'asking' and 'starting' finish when the permission or the microphone answers.
  if (gesture.phase === 'recording') finish(gesture)
}

Component({
  data: {
    recording: false,
    cancelling: false,
    countdown: 0,
  } as RecorderData,
  lifetimes: {
    detached() {
      const gesture = gestures.get(this)
      if (!gesture) return
      gesture.pressed = false
      gesture.cancelling = true
      stopTicker(gesture)
      if (gesture.phase === 'recording') stopRecording()
      gestures.delete(this)
    },
  },
  methods: {
    onTouchStart(event: WechatMiniprogram.TouchEvent) {
      const component = this as unknown as RecorderComponent
      const gesture = gestureOf(this)
      if (gesture.phase !== 'idle') return
      gesture.pressed = true
      gesture.cancelling = false
      gesture.startY = fingerY(event) ?? 0
      gesture.phase = 'asking'
      component.triggerEvent('recordstart')
      ensureRecordPermission()
        .then((allowed) => {
          if (allowed && gesture.pressed) return begin(component, gesture)
          gesture.phase = 'idle'
          // Allowed, but the finger was already up: a tap, as WeChat answers one.
          if (allowed && !gesture.cancelling) showToast('说话时间太短')
        })
        .catch((error: unknown) => {
          gesture.phase = 'idle'
          showToast(error instanceof Error ? error.message : '录音失败')
        })
    },

    onTouchMove(event: WechatMiniprogram.TouchEvent) {
      const gesture = gestureOf(this)
      const y = fingerY(event)
      if (!gesture.pressed || y === undefined) return
      const cancelling = gesture.startY - y > CANCEL_DISTANCE_PX
      if (cancelling === gesture.cancelling) return
      gesture.cancelling = cancelling
      if (gesture.phase === 'recording') this.setData({ cancelling })
    },

    onTouchEnd() {
      release(this as unknown as RecorderComponent, false)
    },

    /** The system took the touch (a call, a popup): nothing is sent. */
    onTouchCancel() {
      release(this as unknown as RecorderComponent, true)
    },
  },
})
