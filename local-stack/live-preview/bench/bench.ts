// `npx tsx local-stack/live-preview/bench/bench.ts`: how quickly the preview page follows the visitor.
// Starts the whole `npm start` stack on free ports, opens the page in Chromium, logs alice in, then measures
// click → redrawn frame (tab switches) and keystroke → the host's value back in the page, and frame sizes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { startLivePreview } from '../src/live-stack'

const ROUNDS = 30

/** The page script's top-level map of phones (static/preview.js), read inside the page. */
declare const phones: Map<string, { fields: Record<string, string> }>

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return `${label.padEnd(34)} median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  (${samples.length} samples)`
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-preview-bench-'))
  const preview = await startLivePreview({ port: 0, localImPort: 0, appServerPort: 0, dataDir })
  const browser = await chromium.launch({
    executablePath: process.env.HEADLESS_HOST_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 860 } })
    await page.goto(preview.url)
    const alice = page.frameLocator('#phone-alice iframe')
    const routeIs = (route: string) =>
      page.waitForFunction(
        (expected) => document.querySelector('#phone-alice .phone-route')?.textContent === expected,
        route,
      )
    await routeIs('pages/login/index')
    await alice.locator('[data-wx-id="dev-user-alice"]').click()
    await routeIs('pages/conversations/index')

    const tabs: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const index = round % 2 === 0 ? 1 : 2
      const route = index === 1 ? 'pages/contacts/index' : 'pages/me/index'
      const started = performance.now()
      await alice.locator(`.host-tab[data-tab-index="${index}"]`).click()
      await routeIs(route)
      tabs.push(performance.now() - started)
    }

    await alice.locator('.host-tab[data-tab-index="1"]').click()
    await routeIs('pages/contacts/index')
    const field = alice.locator('[data-wx-id="add-friend-input"] .live-field')
    const hid = await field.getAttribute('data-hid')
    const keys: number[] = []
    let typed = ''
    for (let round = 0; round < ROUNDS; round++) {
      const key = String.fromCharCode(97 + (round % 26))
      typed += key
      const started = performance.now()
      await field.press(key)
      await page.waitForFunction(
        ([fieldHid, expected]) => phones.get('alice')?.fields[fieldHid!] === expected,
        [hid, typed],
      )
      keys.push(performance.now() - started)
    }
    const frameSize = await page.evaluate(
      () =>
        (document.querySelector('#phone-alice iframe') as HTMLIFrameElement).contentDocument!
          .documentElement.outerHTML.length,
    )

    console.log(summary('tab click → new page drawn', tabs))
    console.log(summary('keystroke → host value in the page', keys))
    console.log(
      `contacts page as drawn in the iframe: ${(frameSize / 1024).toFixed(1)} KiB of HTML + CSS`,
    )
  } finally {
    await browser.close()
    await preview.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
