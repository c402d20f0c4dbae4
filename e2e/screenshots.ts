/**
 * `npm run screenshots`: pictures of every page (login, conversations, chat with a text and an image message,
 * the chat with a voice, a video, a file and a big emoji, the chat with a profile card and a quote-reply, the
 * friend picker, contacts, me, and the pages behind them: nickname, 黑名单, 隐私与协议, a friend's profile, 备注,
 * 举报) in the light and the dark theme (the host's theme control), from a real run of the local IM,
 * the app server and three headless hosts (alice, bob, and carol, whose card alice shares) driven by the
 * unmodified automator client. Full size into screenshots-out/
 * (git-ignored, `<page>-light.png`, `<page>-dark.png`); the README's set, downscaled to half by sharp, into
 * docs/screenshots/ (`<page>.png` light, `<page>-dark.png`). Reuses `E2E_BUILD_DIR=<dir>` when given, otherwise
 * builds the mini-program first (as `npm run e2e` does).
 */
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { repoRoot } from '@tim-c2c/test-support'
import globalSetup from './global-setup'
import {
  addFriend,
  goBack,
  leaveChat,
  loginAsFriends,
  openChatFromContacts,
  sendImage,
  sendText,
  tapMorePanelItem,
  waitForConversation,
  waitForFriend,
  waitForRows,
} from './support/app'
import { longPressAndChoose, pickFriend } from './support/message-actions'
import { ROUTES, type Phone } from './support/phone'
import { writeSolidPng } from './support/png'
import { waitUntil } from './support/wait'
import { World } from './support/world'

const OUT_DIR = path.join(repoRoot, 'docs', 'screenshots')
/** Real media the host's own specs use: a 2 s clip, a one-page PDF, and the host microphone's AAC. */
const MEDIA = path.join(repoRoot, 'local-stack', 'headless-host', 'test', 'fixtures', 'media-files')
const MICROPHONE = path.join(repoRoot, 'local-stack', 'headless-host', 'assets', 'microphone.aac')
const FULL_DIR = path.join(repoRoot, 'screenshots-out')
const MAX_BYTES = 200 * 1024
const THEMES = ['light', 'dark'] as const
/** Where the "me" subpackage's pages live. */
const ME_PAGES = 'package-me/pages/'
/** alice's message that bob later quotes. */
const PLAN = '早上八点，路线图发你'

/** The README's copy: half size, 256-colour palette, so the repository stays small. */
async function downscale(source: string, target: string): Promise<void> {
  const { width } = await sharp(source).metadata()
  await sharp(source)
    .resize({ width: Math.round((width ?? 750) / 2) })
    .png({ palette: true, compressionLevel: 9, effort: 10 })
    .toFile(target)
  const bytes = statSync(target).size
  if (bytes > MAX_BYTES)
    throw new Error(`${target} is ${bytes} bytes, over the ${MAX_BYTES} budget`)
  console.log(`${path.relative(repoRoot, target)} (${Math.round(bytes / 1024)} KB)`)
}

/** The current page in each theme (the system theme switched as a person does), then back to light. */
async function capture(phone: Phone, name: string): Promise<void> {
  // A toast from the previous page (已添加 bob) would cover the picture: wait until it is gone.
  await waitUntil('no toast on screen', async () => (await phone.ui()).toast === null)
  try {
    for (const theme of THEMES) {
      await phone.control('setTheme', { theme })
      const full = path.join(FULL_DIR, `${name}-${theme}.png`)
      await phone.miniProgram.screenshot({ path: full })
      await downscale(
        full,
        path.join(OUT_DIR, theme === 'light' ? `${name}.png` : `${name}-dark.png`),
      )
    }
  } finally {
    await phone.control('setTheme', { theme: 'light' })
  }
}

/** alice records a 3 s voice by holding 按住 说话 (the host's recorder serves the microphone file). */
async function sendVoice(phone: Phone): Promise<void> {
  await phone.control('setRecording', { file: MICROPHONE, durationMs: 3_000 })
  await phone.tap('#voice-toggle')
  const recorder = await phone.element('#voice-recorder')
  const button = await recorder.$('#voice-hold-button')
  if (!button) throw new Error('no 按住 说话 button')
  const finger = [{ identifier: 0, clientX: 200, clientY: 700 }]
  await button.touchstart({ touches: finger })
  await waitUntil('the recording to start', async () =>
    (await (recorder as unknown as { data(path: string): Promise<unknown> }).data('recording')) ===
    true
      ? true
      : undefined,
  )
  await button.touchend({ touches: [], changeTouches: finger })
  await phone.tap('#voice-toggle')
}

/** Every kind a chat carries besides text and pictures, as bob sees them from alice: voice, video, file, emoji. */
async function sendEveryKind(alice: Phone, bob: Phone): Promise<void> {
  await sendVoice(alice)
  await alice.control('setChooseMediaFiles', { files: [path.join(MEDIA, 'clip-2s.mp4')] })
  await tapMorePanelItem(alice, 'video-button')
  await alice.control('setChooseMessageFiles', { files: [path.join(MEDIA, 'report.pdf')] })
  await tapMorePanelItem(alice, 'file-button')
  await sendText(alice, '👍')
  await waitForRows(
    bob,
    'voice, video, file and emoji from alice',
    (rows) =>
      ['sound', 'video', 'file'].every((type) => rows.some((row) => row.type === type)) &&
      rows.some((row) => row.text === '👍'),
  )
}

/** alice shares carol's card with bob (the friend picker photographed); bob quotes alice's message and answers. */
async function sendCardAndReply(alice: Phone, bob: Phone): Promise<void> {
  await tapMorePanelItem(alice, 'card-button')
  await pickFriend(alice, 'carol', { beforeTap: () => capture(alice, 'pick-friend') })
  const rows = await waitForRows(bob, 'carol’s card from alice', (r) =>
    r.some((row) => row.type === 'card'),
  )
  const quoted = rows.find((row) => row.text === PLAN)
  if (!quoted) throw new Error(`bob has no row "${PLAN}" to quote`)
  await longPressAndChoose(bob, quoted.id, '引用')
  await sendText(bob, '收到，八点见')
  await waitForRows(alice, 'bob’s reply', (r) =>
    r.some((row) => row.text === '收到，八点见' && row.flow === 'in'),
  )
}

/** Opens a page under Me by its cell, photographs it once `ready` is on it, and comes back. */
async function captureFromMe(bob: Phone, cell: string, name: string, ready: string): Promise<void> {
  await bob.tap(cell)
  await bob.waitForRoute(`${ME_PAGES}${name}/index`)
  await bob.element(ready)
  await capture(bob, name)
  await goBack(bob)
}

/**
 * The pages behind Me (nickname, 黑名单, 隐私与协议) and behind a friend (profile, 备注, 举报), as bob sees them.
 * Nothing is saved: each editor is photographed and left.
 */
async function captureMorePages(bob: Phone): Promise<void> {
  await captureFromMe(bob, '#edit-nick-button', 'nickname', '#nick-input')
  await captureFromMe(bob, '#blacklist-cell', 'blacklist', '#blacklist-empty')
  await captureFromMe(bob, '#privacy-cell', 'privacy', '#open-privacy-contract')

  await bob.openTab('contacts')
  await waitForFriend(bob, 'alice')
  await (await bob.element('.friend-avatar')).tap()
  await bob.waitForRoute(`${ME_PAGES}profile/index`)
  await bob.element('#profile-nick')
  await capture(bob, 'profile')
  await bob.tap('#remark-button')
  await bob.waitForRoute(`${ME_PAGES}remark/index`)
  await bob.type('#remark-input', '爬山搭子')
  await capture(bob, 'remark')
  await goBack(bob)
  await bob.tap('#report-button')
  await bob.waitForRoute(`${ME_PAGES}report/index`)
  await bob.element('#report-text')
  await capture(bob, 'report')
  await goBack(bob)
  await goBack(bob)
}

async function main(): Promise<void> {
  await globalSetup()
  mkdirSync(OUT_DIR, { recursive: true })
  mkdirSync(FULL_DIR, { recursive: true })
  const world = await World.create('readme-screenshots')
  try {
    const [alice, bob, carol] = await Promise.all([
      world.openPhone('alice'),
      world.openPhone('bob'),
      world.openPhone('carol'),
    ])
    await alice.waitForRoute(ROUTES.login)
    await capture(alice, 'login')

    await Promise.all([loginAsFriends(alice, bob), carol.loginAs('carol')])
    await addFriend(alice, 'carol')
    await openChatFromContacts(alice, 'bob')
    await sendText(alice, '周末有空吗？一起去爬山吧')
    await openChatFromContacts(bob, 'alice')
    await waitForRows(bob, 'alice’s invitation', (rows) => rows.length === 1)
    await sendText(bob, '好呀！几点出发？')
    const picture = path.join(world.folder, 'route.png')
    writeSolidPng(picture, 160, 120, [76, 175, 230])
    await sendText(alice, PLAN)
    await sendImage(alice, picture, statSync(picture).size)
    await waitForRows(alice, 'the conversation so far', (rows) =>
      rows.some(
        (row) => row.type === 'image' && row.status === 'sent' && row.statusText === '已读',
      ),
    )
    await capture(alice, 'chat')

    await sendEveryKind(alice, bob)
    await capture(bob, 'chat-kinds')

    await sendCardAndReply(alice, bob)
    await capture(bob, 'chat-card-reply')

    await leaveChat(bob)
    await bob.openTab('conversations')
    await sendText(alice, '记得带水')
    await waitForConversation(bob, 'alice', (c) => c.preview.includes('记得带水') && c.unread === 1)
    await capture(bob, 'conversations')

    await bob.openTab('contacts')
    await capture(bob, 'contacts')
    await bob.openTab('me')
    await bob.element('#my-user-id')
    await capture(bob, 'me')
    await captureMorePages(bob)
    await leaveChat(alice)
  } finally {
    await world.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
