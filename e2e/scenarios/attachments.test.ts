/**
 * Videos and files through the chat's "+" panel on two phones: alice sends a video from her album (the host's
 * chooseMedia control) and bob plays it full screen; alice sends a file from a WeChat chat (the
 * chooseMessageFile control) and bob downloads and opens it (the host records wx.openDocument); a file over
 * Tencent's 100 MB is refused on alice's phone with the reason.
 */
import { closeSync, openSync, ftruncateSync, statSync } from 'node:fs'
import path from 'node:path'
import type Element from 'miniprogram-automator/out/Element'
import {
  chatRows,
  loginAsFriends,
  openChatFromContacts,
  tapMorePanelItem,
  waitForRows,
  type ChatRow,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import type { Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

/** Real media the host's own specs use: a 2 s, 320×240 H.264 clip and a one-page PDF. */
const MEDIA = path.resolve(__dirname, '../../local-stack/headless-host/test/fixtures/media-files')
const CLIP = path.join(MEDIA, 'clip-2s.mp4')
const REPORT = path.join(MEDIA, 'report.pdf')

type Row = ChatRow & {
  media?: { url: string; name: string; sizeText: string; durationText: string; thumbUrl: string }
}
type MediaState = { documents: { filePath: string; fileType: string }[] }

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('attachments')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
  await loginAsFriends(alice, bob)
  await openChatFromContacts(alice, 'bob')
  await openChatFromContacts(bob, 'alice')
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

/** The message-bubble of a row (a custom component: its inside is reached from it). */
async function bubbleOf(phone: Phone, row: Row): Promise<Element> {
  const message = await phone.element(`#${row.anchor}`)
  const bubble = await message.$('.message-content')
  if (!bubble) throw new Error(`${phone.name}: no bubble in row ${row.id}`)
  return bubble
}

async function lastRow(phone: Phone, what: string, accept: (row: Row) => boolean): Promise<Row> {
  const rows = (await waitForRows(phone, what, (r) => r.some((row) => accept(row)))) as Row[]
  return rows.filter(accept).pop()!
}

const documentsOpened = async (phone: Phone) =>
  (await phone.control<MediaState>('getMediaState')).documents

testWithHostControls(
  'alice sends a video from her album: bob sees its cover and 0:02 and plays it full screen; hers plays too',
  async () => {
    await alice.tap('#more-button')
    const panel = await alice.element('#more-panel')
    const labels = await Promise.all(
      ['#image-button', '#video-button', '#file-button'].map(async (id) =>
        (await panel.$(id))!.attribute('aria-label'),
      ),
    )
    expect(labels).toEqual(['发送图片', '发送视频', '发送聊天中的文件'])
    await alice.shot('more-panel')
    await alice.tap('#more-button')

    await alice.control('setChooseMediaFiles', { files: [CLIP] })
    await tapMorePanelItem(alice, 'video-button')
    const mine = await lastRow(
      alice,
      'her video sent',
      (row) => row.type === 'video' && row.status === 'sent',
    )
    const received = await lastRow(bob, 'the video', (row) => row.type === 'video')
    expect(received).toMatchObject({ id: mine.id, flow: 'in', text: '[视频]' })
    expect(received.media?.durationText).toBe('0:02')
    expect(received.media?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/.+\.mp4$/)
    const bubble = await bubbleOf(bob, received)
    expect(await (await bubble.$('.video__duration'))!.text()).toBe('0:02')
    // The local IM makes no first-frame cover (see its README), as Tencent's server when that fails: the
    // bubble draws the placeholder then.
    expect(
      await bubble.$(received.media?.thumbUrl ? '.video__cover' : '.video__placeholder'),
    ).toBeTruthy()
    await bob.shot('video-received')

    await (await bubble.$('.video'))!.tap()
    const player = await bob.element('#video-player')
    expect(await player.attribute('src')).toBe(received.media?.url)
    const response = await fetch(received.media!.url, { method: 'HEAD' })
    expect(Number(response.headers.get('content-length'))).toBe(statSync(CLIP).size)
    await bob.shot('video-playing')
    await bob.tap('#video-close')
    await waitUntil('bob: the player closed', async () => (await bob.data('videoUrl')) === '')

    await (await (await bubbleOf(alice, mine)).$('.video'))!.tap()
    const own = await alice.element('#video-player')
    expect(await own.attribute('src')).toMatch(/^http:\/\/tmp\/.+\.mp4$/)
    await alice.tap('#video-close')
  },
)

testWithHostControls(
  'alice sends a PDF from a WeChat chat: bob sees name, size and icon, downloads it and it opens; hers opens too',
  async () => {
    await alice.control('setChooseMessageFiles', { files: [REPORT] })
    await tapMorePanelItem(alice, 'file-button')
    const mine = await lastRow(
      alice,
      'her file sent',
      (row) => row.type === 'file' && row.status === 'sent',
    )
    const received = await lastRow(bob, 'the file', (row) => row.type === 'file')
    expect(received).toMatchObject({ id: mine.id, flow: 'in', text: '[文件]' })
    expect(received.media).toMatchObject({
      name: 'report.pdf',
      sizeText: `${statSync(REPORT).size} B`,
    })
    const bubble = await bubbleOf(bob, received)
    expect(await (await bubble.$('.file__label'))!.text()).toBe('PDF')
    await bob.shot('file-received')

    await (await bubble.$('.file'))!.tap()
    const [opened] = await waitUntil('bob: the PDF opened', async () => {
      const documents = await documentsOpened(bob)
      return documents.length > 0 ? documents : undefined
    })
    expect(opened).toMatchObject({ fileType: 'pdf' })
    expect(opened!.filePath).toMatch(/^http:\/\/tmp\/.+\.pdf$/)

    await (await (await bubbleOf(alice, mine)).$('.file'))!.tap()
    await waitUntil('alice: her own PDF opened', async () =>
      (await documentsOpened(alice)).length > 0 ? true : undefined,
    )
  },
)

testWithHostControls(
  'a file over 100 MB picked from a chat is refused on alice’s phone with the reason; nothing is sent',
  async () => {
    const huge = path.join(world.folder, '全部照片.zip')
    // A sparse file: the size a phone would report, without writing 100 MB of zeros.
    const fd = openSync(huge, 'w')
    ftruncateSync(fd, 100 * 1024 * 1024 + 1)
    closeSync(fd)
    const before = (await chatRows(alice)).length
    await alice.control('clearUIHistory')
    await alice.control('setChooseMessageFiles', { files: [huge] })
    await tapMorePanelItem(alice, 'file-button')
    await waitUntil('alice: the refusal toast', async () =>
      (await alice.ui()).toasts.some((toast) => toast.title === '文件不能超过 100 MB')
        ? true
        : undefined,
    )
    await alice.shot('file-too-big')
    expect(await chatRows(alice)).toHaveLength(before)
  },
)
