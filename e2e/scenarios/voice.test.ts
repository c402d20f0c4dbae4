/**
 * Voice messages on two phones, the host's microphone serving a fixture recording: the record permission refused,
 * then granted in the settings page; alice holds 按住 说话 and releases, bob sees the voice with its seconds and
 * an unplayed red dot, plays it and the dot is gone, also after his phone restarts; a press under a second is
 * refused with 说话时间太短 and one slid up is cancelled: neither reaches bob.
 */
import path from 'node:path'
import type Element from 'miniprogram-automator/out/Element'
import {
  chatRows,
  loginAsFriends,
  openChatFromContacts,
  openConversation,
  sendText,
  waitForRows,
  type ChatRow,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

/**
 * The host microphone's own AAC (ADTS, 3.07 s), what RecorderManager's format 'aac' writes on Android. (The host
 * names every 'aac' recording `.aac`, so its `.m4a` fixture would reach the local IM as an .aac file whose bytes
 * are MP4, which the IM rightly refuses.)
 */
const RECORDING = path.resolve(__dirname, '../../local-stack/headless-host/assets/microphone.aac')
const SPOKEN_MS = 3_000

type VoiceRow = ChatRow & { unplayed: boolean; media?: { seconds: number; width: number } }
type AudioState = {
  option: Record<string, boolean>
  contexts: { paused: boolean; src: string; destroyed?: boolean }[]
}
type MediaState = {
  authSetting: Record<string, boolean>
  authorizePrompts: { scope: string; answer: string }[]
  settingsOpened: number
}

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('voice')
  ;[alice, bob] = await Promise.all([
    world.openPhone('alice'),
    world.openPhone('bob', { keepStorage: true }),
  ])
  await loginAsFriends(alice, bob)
  await openChatFromContacts(alice, 'bob')
  await alice.tap('#voice-toggle')
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

async function holdButton(phone: Phone): Promise<Element> {
  const recorder = await phone.element('#voice-recorder')
  const button = await recorder.$('#voice-hold-button')
  if (!button) throw new Error(`${phone.name}: no 按住 说话 button`)
  return button
}

const finger = (y: number) => [{ identifier: 0, clientX: 200, clientY: y }]

async function press(phone: Phone, y = 700): Promise<Element> {
  const button = await holdButton(phone)
  await button.touchstart({ touches: finger(y) })
  return button
}

async function release(button: Element, y = 700): Promise<void> {
  await button.touchend({ touches: [], changeTouches: finger(y) })
}

type ComponentElement = Element & { data(path?: string): Promise<unknown> }

/** Whether the recorder component shows its overlay (the microphone is recording). */
async function isRecording(phone: Phone): Promise<boolean> {
  const recorder = (await phone.element('#voice-recorder')) as ComponentElement
  return (await recorder.data('recording')) === true
}

function waitForRecording(phone: Phone, recording = true): Promise<boolean> {
  return waitUntil(`${phone.name}: recording ${String(recording)}`, async () =>
    (await isRecording(phone)) === recording ? true : undefined,
  )
}

function toasts(phone: Phone): Promise<string[]> {
  return phone.ui().then((state) => state.toasts.map((toast) => toast.title))
}

async function voiceRows(phone: Phone): Promise<VoiceRow[]> {
  return (await chatRows(phone)).filter((row) => row.type === 'sound') as VoiceRow[]
}

testWithHostControls(
  'the record permission refused: a dialog opens the settings, granted there the next press records',
  async () => {
    await alice.control('setAuthorize', { 'scope.record': 'deny' })
    await alice.control('setOpenSetting', { 'scope.record': true })
    await alice.control('setRecording', { file: RECORDING, durationMs: SPOKEN_MS })
    const button = await press(alice)
    const modal = await waitUntil('the settings dialog', async () => (await alice.ui()).modals[0])
    expect(modal.content).toContain('麦克风')
    await alice.shot('permission-dialog')
    await release(button)
    await alice.control('confirmModal')
    await waitUntil('the grant confirmed', async () =>
      (await toasts(alice)).includes('已允许使用麦克风，请按住说话'),
    )
    const media = await alice.control<MediaState>('getMediaState')
    expect(media.authorizePrompts).toEqual([{ scope: 'scope.record', answer: 'deny' }])
    expect(media.settingsOpened).toBe(1)
    expect(media.authSetting['scope.record']).toBe(true)
    expect(await voiceRows(alice)).toEqual([])

    const again = await press(alice)
    await waitForRecording(alice)
    await release(again)
    await waitUntil('alice’s voice sent', async () =>
      (await voiceRows(alice)).some((row) => row.status === 'sent'),
    )
    expect((await alice.control<MediaState>('getMediaState')).authorizePrompts).toHaveLength(1)
  },
)

testWithHostControls(
  'alice holds and releases: bob sees the voice with its seconds and a red dot, plays it, the dot stays gone',
  async () => {
    await alice.control('setRecording', { file: RECORDING, durationMs: SPOKEN_MS })
    const before = (await voiceRows(alice)).length
    const button = await press(alice)
    await waitForRecording(alice)
    expect(await button.attribute('aria-label')).toBe('松开 发送')
    await alice.shot('recording')
    await release(button)
    const sent = await waitUntil('alice’s new voice sent', async () => {
      const rows = await voiceRows(alice)
      return rows.length > before && rows.at(-1)?.status !== 'sending' ? rows.at(-1) : undefined
    })
    expect(sent).toMatchObject({ flow: 'out', status: 'sent', unplayed: false })
    // The SDK keeps whole seconds of the recorder's duration.
    expect(sent.media?.seconds).toBe(3)

    await openConversation(bob, 'alice')
    const rows = (await waitForRows(bob, 'alice’s voice', (list) =>
      list.some((row) => row.id === sent.id),
    )) as VoiceRow[]
    const received = rows.find((row) => row.id === sent.id)!
    expect(received).toMatchObject({ flow: 'in', type: 'sound', unplayed: true })
    // 160 rpx at 1 s up to 480 rpx at 60 s.
    expect(received.media).toMatchObject({ seconds: 3, width: 171 })
    const bubble = await bob.element(`#${received.anchor} .message-content`)
    expect(await bubble.$('.voice__dot')).toBeTruthy()
    const voice = await bubble.$('.voice')
    expect(await voice?.attribute('aria-label')).toBe('未播放的语音 3 秒，点击播放')
    expect(await voice?.text()).toContain("3''")
    await bob.shot('unplayed-voice')

    await voice!.tap()
    const audio = await waitUntil('bob’s phone playing the voice', async () => {
      const state = await bob.control<AudioState>('getAudioState')
      return state.contexts.some((context) => !context.paused) ? state : undefined
    })
    expect(audio.option.obeyMuteSwitch).toBe(false)
    await waitUntil('the dot gone', async () => {
      const row = (await voiceRows(bob)).find((item) => item.id === sent.id)
      return row?.unplayed === false
    })
    expect(await bubble.$('.voice__dot')).toBeFalsy()
    await bob.shot('played-voice')

    // Played stays played: bob's phone is turned off and on again (its storage kept).
    await world.closePhone(bob)
    bob = await world.openPhone('bob', { keepStorage: true })
    await bob.waitForRoute(ROUTES.conversations)
    await openConversation(bob, 'alice')
    const reopened = (await waitForRows(bob, 'the voice after the restart', (list) =>
      list.some((row) => row.id === sent.id),
    )) as VoiceRow[]
    expect(reopened.find((row) => row.id === sent.id)?.unplayed).toBe(false)
  },
)

testWithHostControls(
  'a press under a second is refused with 说话时间太短 and one slid up is cancelled: neither reaches bob',
  async () => {
    const voicesBefore = (await voiceRows(bob)).length
    await alice.control('clearUIHistory')
    await alice.control('setRecording', { file: RECORDING, durationMs: 600 })
    let button = await press(alice)
    await waitForRecording(alice)
    await release(button)
    await waitUntil('the too-short toast', async () =>
      (await toasts(alice)).includes('说话时间太短'),
    )

    await alice.control('setRecording', { file: RECORDING, durationMs: SPOKEN_MS })
    button = await press(alice, 700)
    await waitForRecording(alice)
    await button.touchmove({ touches: finger(560) })
    await waitUntil('松开 取消', async () => (await button.attribute('aria-label')) === '松开 取消')
    await alice.shot('slide-to-cancel')
    await release(button, 560)
    await waitForRecording(alice, false)

    // A text after both: once it is on bob's phone, anything sent before it would be too.
    await alice.tap('#voice-toggle')
    await sendText(alice, '两次都没发出去')
    const rows = await waitForRows(bob, 'the text after', (list) =>
      list.some((row) => row.text === '两次都没发出去'),
    )
    expect(rows.filter((row) => row.type === 'sound')).toHaveLength(voicesBefore)
    expect((await voiceRows(alice)).filter((row) => row.status !== 'sent')).toEqual([])
  },
)
