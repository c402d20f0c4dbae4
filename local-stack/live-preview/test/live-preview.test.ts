// `npm start` as a person uses it: the preview page in Chromium, two phones, everything done by clicking and
// typing in the page. Runs the real command on free ports and stops it with SIGINT, as Ctrl-C would.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core'
import WebSocket from 'ws'
import { startContractProcess, TIMEOUTS, type ContractProcess } from '@tim-c2c/test-support'

const CHROMIUM = process.env.HEADLESS_HOST_CHROMIUM ?? '/usr/bin/chromium'
const ROUTES = {
  login: 'pages/login/index',
  conversations: 'pages/conversations/index',
  contacts: 'pages/contacts/index',
  chat: 'package-chat/pages/chat/index',
}
const CONTACTS_TAB = 1

/** The preview page's own connection (`let socket` in static/preview.js), for code evaluated in the page. */
declare const socket: WebSocket

let start: ContractProcess
let browser: Browser
let page: Page
let dataDir: string

/** Every process below `pid` (hosts, local IM, server and their children). */
function descendants(pid: number): number[] {
  const result = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
  const children = new Map<number, number[]>()
  for (const line of result.stdout.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number)
    if (child === undefined || parent === undefined) continue
    children.set(parent, [...(children.get(parent) ?? []), child])
  }
  const found: number[] = []
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child)
      visit(child)
    }
  }
  visit(pid)
  return found
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (_error) {
    return false
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-preview-test-'))
  start = await startContractProcess({
    script: 'start',
    label: 'npm start',
    args: ['--port', '0', '--im-port', '0', '--server-port', '0', '--data', dataDir],
    ready: /^\s+live preview\s+(http:\/\/127\.0\.0\.1:\d+)$/,
    startTimeoutMs: 180_000,
  })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  page = await browser.newPage({ viewport: { width: 1000, height: 860 } })
  // Phones driven through the whole stack, the first wait covering its start: Playwright's own 30 s default
  // does not grow with a busy machine.
  page.setDefaultTimeout(TIMEOUTS.processStart)
  await page.goto(start.match[1]!)
  await keepLatestFrames(page)
})

afterAll(async () => {
  await browser?.close()
  await start?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const screen = (name: string, on: Page = page): FrameLocator =>
  on.frameLocator(`#phone-${name} iframe`)

/** What keepLatestFrames adds to the preview page. */
interface LatestFrames {
  latestFrames: Record<string, { frame: { document: string } } | undefined>
  /** Hands `phone`'s latest frame to the page again, as if its host had just sent it. */
  drawLatestFrameAgain: (phone: string) => void
}

/** Keeps each phone's latest frame where a test can hand it to the page again (see the mid-scroll tests). */
async function keepLatestFrames(on: Page): Promise<void> {
  await on.evaluate(() => {
    const latest: Record<string, unknown> = {}
    const { receive } = window as unknown as { receive: (message: unknown) => void }
    Object.assign(window, {
      latestFrames: latest,
      drawLatestFrameAgain: (phone: string) => receive(latest[phone]),
    })
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { type: string; phone: string }
      if (message.type === 'frame') latest[message.phone] = message
    })
  })
}

async function waitForRoute(name: string, route: string): Promise<void> {
  await page.waitForFunction(
    ([selector, expected]) => document.querySelector(selector!)?.textContent === expected,
    [`#phone-${name} .phone-route`, route],
  )
}

async function logIn(name: string): Promise<void> {
  await waitForRoute(name, ROUTES.login)
  await screen(name).locator(`[data-wx-id="dev-user-${name}"]`).click()
  await waitForRoute(name, ROUTES.conversations)
}

async function addFriend(name: string, friend: string): Promise<void> {
  const phone = screen(name)
  await phone.locator(`.host-tab[data-tab-index="${CONTACTS_TAB}"]`).click()
  await waitForRoute(name, ROUTES.contacts)
  await phone.locator('[data-wx-id="add-friend-input"] .live-field').pressSequentially(friend)
  await phone.locator('[data-wx-id="add-friend-button"]').click()
  await phone.locator('.friend-item', { hasText: friend }).waitFor()
}

async function openChat(name: string, peer: string): Promise<void> {
  await screen(name).locator('.friend-item', { hasText: peer }).click()
  await waitForRoute(name, ROUTES.chat)
}

async function send(name: string, text: string): Promise<void> {
  const phone = screen(name)
  await phone.locator('[data-wx-id="message-input"] .live-field').pressSequentially(text)
  await phone.locator('[data-wx-id="send-button"]').click()
  await phone.locator('.message--out', { hasText: text }).waitFor()
}

test('the page shows two phones, both on the login page, with the app’s styles', async () => {
  await waitForRoute('alice', ROUTES.login)
  await waitForRoute('bob', ROUTES.login)
  const aliceButton = screen('alice').locator('[data-wx-id="dev-user-alice"]')
  await aliceButton.waitFor()
  // The app's WXSS reaches the phone: a dev-login button is laid out as a block wider than its text.
  const box = await aliceButton.boundingBox()
  expect(box?.width).toBeGreaterThan(100)
  // …and stays inside it: the page around the phones keeps its own font size.
  expect(
    await page
      .locator('header p')
      .first()
      .evaluate((el) => getComputedStyle(el).fontSize),
  ).toBe('13px')
})

test('the theme picker switches both phones’ theme through their hosts, and back', async () => {
  await waitForRoute('alice', ROUTES.login)
  await waitForRoute('bob', ROUTES.login)
  const phoneTheme = (name: string) => page.locator(`#phone-${name}`).getAttribute('data-theme')
  expect([await phoneTheme('alice'), await phoneTheme('bob')]).toEqual(['light', 'light'])
  const bothIn = (theme: string) =>
    page.waitForFunction(
      (expected) =>
        ['alice', 'bob'].every(
          (name) =>
            document.querySelector(`#phone-${name}`)?.getAttribute('data-theme') === expected,
        ),
      theme,
    )
  await page.getByRole('radio', { name: 'Dark' }).check()
  // data-theme comes from the hosts' frames: each host switched its phone's system theme.
  await bothIn('dark')
  // The app is drawn dark only if it follows the system (app.json darkmode: true), as in WeChat; the phone's
  // document is in the theme the host says the app is drawn in.
  const appJson = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../../miniprogram/app.json'), 'utf8'),
  ) as { darkmode?: unknown }
  const expectedApp = appJson.darkmode === true ? 'dark' : 'light'
  for (const name of ['alice', 'bob']) {
    expect(await page.locator(`#phone-${name}`).getAttribute('data-app-theme')).toBe(expectedApp)
    await page.waitForFunction(
      ([selector, expected]) =>
        (
          document.querySelector(selector!) as HTMLIFrameElement | null
        )?.contentDocument?.documentElement.getAttribute('data-theme') === expected,
      [`#phone-${name} iframe`, expectedApp],
    )
  }
  await page.getByRole('radio', { name: 'Light' }).check()
  await bothIn('light')
  expect(await page.getByRole('radio', { name: 'Light' }).isChecked()).toBe(true)
})

test('alice and bob log in, befriend each other and chat, all by clicking and typing', async () => {
  await logIn('alice')
  await logIn('bob')
  await addFriend('alice', 'bob')
  await addFriend('bob', 'alice')
  await openChat('alice', 'bob')
  await openChat('bob', 'alice')

  await send('alice', 'hello from alice')
  await screen('bob').locator('.message--in', { hasText: 'hello from alice' }).waitFor()

  await send('bob', 'hi alice, bob here')
  await screen('alice').locator('.message--in', { hasText: 'hi alice, bob here' }).waitFor()
  // The input was cleared by the app after sending, and the field shows that.
  expect(
    await screen('alice').locator('[data-wx-id="message-input"] .live-field').inputValue(),
  ).toBe('')
})

test('Enter sends; scrolling a list in the page scrolls it on the phone', async () => {
  const bobInput = screen('bob').locator('[data-wx-id="message-input"] .live-field')
  for (let index = 1; index <= 12; index++) {
    await bobInput.pressSequentially(`line ${index}`)
    await bobInput.press('Enter')
    await screen('bob')
      .locator('.message--out', { hasText: `line ${index}` })
      .waitFor()
  }
  const aliceList = screen('alice').locator('[data-wx-id="message-list"]')
  // The app keeps the newest message in view. Wait until the host has scrolled it there (the row, drawn at
  // the host's scroll offset, is inside the list): on a busy machine "line 12" is drawn well before the host
  // has followed it, and a visitor's scroll sent in between would be overtaken by the app's.
  const aliceScreen = await (await page
    .locator('#phone-alice iframe')
    .elementHandle())!.contentFrame()
  await aliceScreen!.waitForFunction((text) => {
    const list = document.querySelector<HTMLElement>('[data-wx-id="message-list"]')
    const row = Array.from(list?.querySelectorAll('.message--in') ?? []).find((element) =>
      element.textContent?.includes(text),
    )
    if (!list || !row || list.dataset.scrollTop === '0') return false
    const box = list.getBoundingClientRect()
    const rowBox = row.getBoundingClientRect()
    return rowBox.bottom > box.top && rowBox.top < box.bottom
  }, 'line 12')
  // A visitor scrolling it back up in the page moves the phone's list (the host reports 0 again).
  await aliceList.evaluate((list) => list.scrollTo({ top: 0 }))
  await screen('alice').locator('[data-wx-id="message-list"][data-scroll-top="0"]').waitFor()
})

test('a frame drawn while the visitor is scrolling does not undo the scroll', async () => {
  const aliceList = screen('alice').locator('[data-wx-id="message-list"]')
  // The browser dispatches a scroll event with its next rendering; a frame from the host may be drawn
  // before that. Forced here: scroll, then draw alice's latest frame (list at 0) in the same task.
  await page.evaluate(() => {
    const iframe = document.querySelector<HTMLIFrameElement>('#phone-alice iframe')!
    const list = iframe.contentDocument!.querySelector('[data-wx-id="message-list"]')!
    list.scrollTo({ top: list.scrollHeight })
    ;(window as unknown as LatestFrames).drawLatestFrameAgain('alice')
  })
  // The visitor's scroll still reaches the phone: the host reports the list away from the top.
  await screen('alice').locator('[data-wx-id="message-list"]:not([data-scroll-top="0"])').waitFor()
  await aliceList.evaluate((list) => list.scrollTo({ top: 0 }))
  await screen('alice').locator('[data-wx-id="message-list"][data-scroll-top="0"]').waitFor()
})

test('a frame drawn long after the visitor scrolled, before the host has the scroll, does not undo it', async () => {
  // On a busy machine seconds can pass between the visitor's scroll and the host's answer, while the host is
  // still sending frames made before it saw the scroll. A second viewer whose clock the test holds: time
  // passes (Date.now jumps a minute) while no timer runs, so the scroll is still resting in the page.
  const context = await browser.newContext({ viewport: { width: 1000, height: 860 } })
  try {
    await context.clock.install()
    context.setDefaultTimeout(TIMEOUTS.processStart)
    const viewer = await context.newPage()
    await viewer.goto(start.match[1]!)
    await keepLatestFrames(viewer)
    const list = screen('alice', viewer).locator('[data-wx-id="message-list"]')
    await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
    await screen('alice', viewer)
      .locator('[data-wx-id="message-list"]:not([data-scroll-top="0"])')
      .waitFor()
    await viewer.waitForFunction(() =>
      /data-scroll-top="[1-9]/.test(
        (window as unknown as LatestFrames).latestFrames.alice?.frame.document ?? '',
      ),
    )

    // Paused ahead of the page's running clock (pausing fires what is due, as a page waking up would).
    const pausedAt = Date.now() + 10 * 60_000
    await context.clock.pauseAt(pausedAt)
    // The visitor scrolls to the top and the host's latest frame (list at the bottom) lands on it.
    await viewer.evaluate(() => {
      const iframe = document.querySelector<HTMLIFrameElement>('#phone-alice iframe')!
      iframe.contentDocument!.querySelector('[data-wx-id="message-list"]')!.scrollTo({ top: 0 })
      ;(window as unknown as LatestFrames).drawLatestFrameAgain('alice')
    })
    // A minute later by the page's clock, the host has not answered yet: another frame made before it saw
    // the scroll lands.
    await context.clock.setSystemTime(pausedAt + 60_000)
    await viewer.evaluate(() => (window as unknown as LatestFrames).drawLatestFrameAgain('alice'))
    await context.clock.resume()
    // The visitor's position is the one that reaches the phone.
    await screen('alice').locator('[data-wx-id="message-list"][data-scroll-top="0"]').waitFor()
  } finally {
    await context.close()
  }
})

test('a long press (right click) opens the app’s action sheet, and its cancel row closes it', async () => {
  const alice = screen('alice')
  await alice.locator('.message--out', { hasText: 'hello from alice' }).click({ button: 'right' })
  await alice.locator('.host-sheet').waitFor()
  await alice.locator('.host-sheet-cancel').click()
  await alice.locator('.host-sheet').waitFor({ state: 'detached' })
})

test('a modal is answered by clicking its buttons: cancel keeps the conversation, confirm deletes it', async () => {
  const bob = screen('bob')
  await bob.locator('.host-nav-back').click()
  await waitForRoute('bob', ROUTES.contacts)
  await bob.locator('.host-tab[data-tab-index="0"]').click()
  await waitForRoute('bob', ROUTES.conversations)
  const conversation = bob.locator('.conversation-item', { hasText: 'alice' })
  const askToDelete = async (): Promise<void> => {
    await conversation.click({ button: 'right' })
    await bob.locator('.host-sheet-item').nth(1).click()
    await bob.locator('.host-modal').waitFor()
  }
  await askToDelete()
  await bob.locator('.host-modal-buttons > div').first().click()
  await bob.locator('.host-modal').waitFor({ state: 'detached' })
  expect(await conversation.count()).toBe(1)
  await askToDelete()
  await bob.locator('.host-modal-buttons > div').last().click()
  await conversation.waitFor({ state: 'detached' })
})

test('the page’s socket refuses other origins and answers bad requests with clear errors', async () => {
  const url = `${start.match[1]!.replace('http', 'ws')}/live`
  const refused = new WebSocket(url, { origin: 'http://example.com' })
  const status = await new Promise<number>((resolve) =>
    refused.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
  )
  expect(status).toBe(403)

  const socket = new WebSocket(url)
  const replies = new Map<number, { error?: string }>()
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { type: string; id: number; error?: string }
    if (message.type === 'reply') replies.set(message.id, message)
  })
  await new Promise((resolve) => socket.once('open', resolve))
  socket.send('not json')
  const requests = [
    { id: 1, phone: 'carol', method: 'Host.tap', params: { hid: 'e1' } },
    { id: 2, phone: 'alice', method: 'App.callWxMethod', params: { method: 'clearStorageSync' } },
    { id: 3, phone: 'alice', method: 'Host.tap', params: { hid: 'e999999' } },
    { id: 4, phone: 'alice', method: 'Host.scroll', params: { scrollTop: -5 } },
  ]
  for (const request of requests) socket.send(JSON.stringify(request))
  while (replies.size < requests.length)
    await new Promise((resolve) => socket.once('message', resolve))
  socket.close()
  expect(replies.get(1)?.error).toBe('no phone named carol')
  expect(replies.get(2)?.error).toBe('the preview does not forward App.callWxMethod')
  expect(replies.get(3)?.error).toBe('element e999999 no longer exists')
  expect(replies.get(4)?.error).toMatch(/scrollTop should be a number ≥ 0/)
  // The phone is still there and answering.
  await waitForRoute('alice', ROUTES.chat)
})

test('the back arrow returns to the contacts tab', async () => {
  await screen('alice').locator('.host-nav-back').click()
  await waitForRoute('alice', ROUTES.contacts)
})

test('Ctrl-C stops the hosts, the local IM and the app server', async () => {
  const children = descendants(start.child.pid!)
  expect(children.length).toBeGreaterThanOrEqual(4)
  const exited = new Promise<number | null>((resolve) => start.child.once('exit', resolve))
  start.child.kill('SIGINT')
  expect(await exited).toBe(0)
  // Grandchildren (tsx runs each service in a child node) exit just after their parents.
  const deadline = Date.now() + 15_000
  while (children.some(isAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100))
  expect(children.filter(isAlive)).toEqual([])
})

test('Ctrl-C during start-up (while building) stops what has started and exits cleanly', async () => {
  const interruptedDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-preview-test-'))
  try {
    const starting = await startContractProcess({
      script: 'start',
      label: 'npm start (interrupted)',
      args: ['--port', '0', '--im-port', '0', '--server-port', '0', '--data', interruptedDataDir],
      ready: /^building the mini-program/,
    })
    const children = descendants(starting.child.pid!)
    expect(children.length).toBeGreaterThanOrEqual(2)
    const exited = new Promise<number | null>((resolve) => starting.child.once('exit', resolve))
    starting.child.kill('SIGINT')
    expect(await exited).toBe(0)
    const deadline = Date.now() + 15_000
    while (children.some(isAlive) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(children.filter(isAlive)).toEqual([])
  } finally {
    fs.rmSync(interruptedDataDir, { recursive: true, force: true })
  }
})
