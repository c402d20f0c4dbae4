/**
 * @jest-environment jsdom
 *
 * The 按住 说话 button's gestures, rendered by miniprogram-simulate and driven by touches with coordinates: hold
 * and release sends RecorderManager's result, sliding up past the threshold cancels, under a second is refused,
 * the countdown from 50 s and the recorder's own stop at 60 s, and scope.record asked, refused, then granted in
 * the settings page. The recorder and the permission popups stand in for WeChat's as it behaves (onStart comes a
 * moment after start(), onStop carries a wxfile:// temp path and the length held, the recorder stops itself at
 * `duration`, a refused scope is not asked again); the real ones run in e2e/scenarios/voice.test.ts.
 */
import {
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'

loadSimulate()

interface Recorded {
  tempFilePath: string
  duration: number
  fileSize: number
}
type Listener = (result?: unknown) => void

/** WeChat's one RecorderManager, as it behaves on a phone. */
function phoneRecorder() {
  const listeners: Record<string, Listener[]> = {}
  const emit = (name: string, result?: unknown) => listeners[name]?.forEach((fn) => fn(result))
  let state: 'idle' | 'starting' | 'recording' = 'idle'
  let startedAt = 0
  let limit: ReturnType<typeof setTimeout> | undefined
  let files = 0
  const starts: Record<string, unknown>[] = []
  const finish = (duration: number) => {
    if (limit !== undefined) clearTimeout(limit)
    state = 'idle'
    files += 1
    emit('stop', {
      tempFilePath: `wxfile://tmp_voice${files}.aac`,
      duration,
      fileSize: 4000 + files,
    })
  }
  const manager: Record<string, unknown> = {
    start(options: { duration: number }) {
      starts.push(options)
      state = 'starting'
      void Promise.resolve().then(() => {
        state = 'recording'
        startedAt = Date.now()
        limit = setTimeout(() => finish(options.duration), options.duration)
        emit('start')
      })
    },
    stop() {
      if (state !== 'recording')
        return emit('error', { errMsg: 'operateRecorder:fail recorder not start' })
      finish(Date.now() - startedAt)
    },
  }
  for (const name of ['start', 'stop', 'error', 'pause', 'resume', 'frameRecorded']) {
    manager[`on${name[0]!.toUpperCase()}${name.slice(1)}`] = (fn: Listener) =>
      (listeners[name] ??= []).push(fn)
  }
  return { manager, starts, state: () => state }
}

const recorder = phoneRecorder()
const answers = { popup: 'allow' as 'allow' | 'deny', settings: true, modalConfirm: true }
let authSetting: Record<string, boolean> = {}
const calls = { authorize: 0, openSetting: 0, modals: [] as string[], toasts: [] as string[] }

let button: RenderedComponent | undefined
let recorderView: RenderedComponent
let events: { name: string; detail: unknown }[]

beforeAll(() => {
  const wxApi = wx as unknown as Record<string, unknown>
  wxApi.getRecorderManager = () => recorder.manager
  wxApi.getSetting = (options: { success(result: unknown): void }) =>
    options.success({ authSetting: { ...authSetting } })
  wxApi.authorize = (options: { scope: string; success(): void; fail(failure: unknown): void }) => {
    calls.authorize += 1
    authSetting[options.scope] = answers.popup === 'allow'
    if (answers.popup === 'allow') options.success()
    else options.fail({ errMsg: 'authorize:fail auth deny' })
  }
  wxApi.showModal = (options: {
    content: string
    confirmText?: string
    success(r: unknown): void
  }) => {
    calls.modals.push(`${options.content}|${options.confirmText ?? ''}`)
    options.success({ confirm: answers.modalConfirm, cancel: !answers.modalConfirm })
  }
  wxApi.openSetting = (options: { success(result: unknown): void }) => {
    calls.openSetting += 1
    if ('scope.record' in authSetting) authSetting['scope.record'] = answers.settings
    options.success({ authSetting: { ...authSetting } })
  }
  wxApi.showToast = (options: { title: string }) => calls.toasts.push(options.title)
})

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
  authSetting = { 'scope.record': true }
  Object.assign(answers, { popup: 'allow', settings: true, modalConfirm: true })
  Object.assign(calls, { authorize: 0, openSetting: 0, modals: [], toasts: [] })
  recorderView = renderComponent('package-chat/components/voice-recorder/index')
  events = []
  const instance = recorderView.instance as unknown as {
    triggerEvent(name: string, detail?: unknown): void
  }
  const original = instance.triggerEvent.bind(instance)
  instance.triggerEvent = (name, detail) => {
    events.push({ name, detail })
    original(name, detail)
  }
  button = recorderView.querySelector('#voice-hold-button')
})

afterEach(() => {
  recorderView.detach()
  jest.useRealTimers()
})

/** Lets the touch, the permission answers and the recorder's callbacks run (all promise callbacks). */
async function settle(): Promise<void> {
  for (let i = 0; i < 30; i += 1) await Promise.resolve()
}

async function touch(phase: 'touchstart' | 'touchmove' | 'touchend' | 'touchcancel', y = 600) {
  const finger = [{ x: 180, y }]
  button!.dispatchEvent(phase, {
    touches: phase === 'touchend' || phase === 'touchcancel' ? [] : finger,
    changedTouches: finger,
  })
  await settle()
}

async function hold(ms: number): Promise<void> {
  jest.advanceTimersByTime(ms)
  await settle()
}

const sends = () => events.filter((event) => event.name === 'send')
/** What the button says (simulate drops aria-* attributes; the e2e spec reads its aria-label in the host). */
const label = () => button!.dom?.textContent ?? ''
const overlay = () => recorderView.querySelector('#voice-overlay')
const text = (selector: string) => recorderView.querySelector(selector)?.dom?.textContent ?? ''

test('hold and release sends the recording: the overlay says 上滑取消 meanwhile, in aac for up to 60 s', async () => {
  expect(label()).toBe('按住 说话')
  await touch('touchstart')
  expect(recorder.starts.at(-1)).toMatchObject({ format: 'aac', duration: 60_000 })
  expect(recorderView.data.recording).toBe(true)
  expect(overlay()).toBeDefined()
  expect(text('#voice-hint')).toBe('手指上滑，取消发送')
  expect(label()).toBe('松开 发送')
  await hold(1_500)
  await touch('touchend')
  expect(sends()).toEqual([
    {
      name: 'send',
      detail: expect.objectContaining({ duration: 1_500, fileSize: expect.any(Number) }),
    },
  ])
  expect((sends()[0]!.detail as Recorded).tempFilePath).toMatch(/^wxfile:\/\/tmp_.*\.aac$/)
  expect(recorderView.data.recording).toBe(false)
  expect(overlay()).toBeUndefined()
  expect(label()).toBe('按住 说话')
})

test('sliding up past 50 px shows 松开 取消, back down sends again; released up there nothing is sent', async () => {
  await touch('touchstart', 600)
  await hold(1_200)
  await touch('touchmove', 560)
  expect(recorderView.data.cancelling).toBe(false)
  await touch('touchmove', 540)
  expect(recorderView.data.cancelling).toBe(true)
  expect(label()).toBe('松开 取消')
  expect(text('#voice-hint')).toBe('松开手指，取消发送')
  expect(overlay()?.dom?.className).toContain('overlay--cancel')
  await touch('touchmove', 590)
  expect(label()).toBe('松开 发送')
  await touch('touchmove', 500)
  await hold(800)
  await touch('touchend', 500)
  expect(recorder.state()).toBe('idle')
  expect(sends()).toEqual([])
  expect(calls.toasts).toEqual([])
  expect(overlay()).toBeUndefined()
})

test('under a second is refused with 说话时间太短, also when released before the microphone started', async () => {
  await touch('touchstart')
  await hold(600)
  await touch('touchend')
  expect(calls.toasts).toEqual(['说话时间太短'])
  expect(sends()).toEqual([])

  // A tap: the finger is up before the recording starts; nothing is recorded and the toast says so.
  button!.dispatchEvent('touchstart', { touches: [{ x: 180, y: 600 }] })
  button!.dispatchEvent('touchend', { touches: [], changedTouches: [{ x: 180, y: 600 }] })
  await settle()
  expect(recorder.state()).toBe('idle')
  expect(calls.toasts).toEqual(['说话时间太短', '说话时间太短'])
  expect(sends()).toEqual([])
})

test('the countdown starts at 50 s; at 60 s the recorder stops by itself and the voice is sent', async () => {
  await touch('touchstart')
  await hold(49_800)
  expect(recorderView.querySelector('#voice-countdown')).toBeUndefined()
  await hold(400)
  expect(text('#voice-countdown')).toBe('还可以说 10 秒')
  await hold(5_000)
  expect(text('#voice-countdown')).toBe('还可以说 5 秒')
  await hold(4_700)
  expect(text('#voice-countdown')).toBe('还可以说 1 秒')
  await hold(100)
  expect(sends()).toHaveLength(1)
  expect((sends()[0]!.detail as Recorded).duration).toBe(60_000)
  expect(overlay()).toBeUndefined()
  // The finger comes up afterwards: nothing more happens.
  await touch('touchend')
  expect(sends()).toHaveLength(1)
  expect(calls.toasts).toEqual([])
})

test('a touch the system cancels sends nothing', async () => {
  await touch('touchstart')
  await hold(2_000)
  await touch('touchcancel')
  expect(recorder.state()).toBe('idle')
  expect(sends()).toEqual([])
})

test('scope.record: asked on first press; refused, the dialog opens the settings; granted there, the next press records', async () => {
  authSetting = {}
  answers.popup = 'deny'
  const startsBefore = recorder.starts.length
  await touch('touchstart')
  await touch('touchend')
  expect(calls.authorize).toBe(1)
  expect(calls.modals).toEqual([expect.stringMatching(/麦克风.*\|去设置$/)])
  expect(calls.openSetting).toBe(1)
  expect(calls.toasts).toEqual(['已允许使用麦克风，请按住说话'])
  expect(recorder.starts.length).toBe(startsBefore)
  expect(recorderView.data.recording).toBe(false)

  await touch('touchstart')
  expect(calls.authorize).toBe(1)
  expect(recorder.starts.length).toBe(startsBefore + 1)
  await hold(2_000)
  await touch('touchend')
  expect(sends()).toHaveLength(1)
})

test('refused and the settings dialog declined: nothing records, the next press offers it again', async () => {
  authSetting = { 'scope.record': false }
  answers.modalConfirm = false
  const startsBefore = recorder.starts.length
  await touch('touchstart')
  await touch('touchend')
  await touch('touchstart')
  await touch('touchend')
  expect(calls.authorize).toBe(0)
  expect(calls.modals).toHaveLength(2)
  expect(calls.openSetting).toBe(0)
  expect(recorder.starts.length).toBe(startsBefore)
  expect(sends()).toEqual([])
})
