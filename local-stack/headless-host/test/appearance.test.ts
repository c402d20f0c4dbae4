// How the phone looks around and inside the page: dark mode from app.json + theme.json (window, tabBar,
// prefers-color-scheme, onThemeChange), device models with safe areas and the capsule button, page-meta font
// sizes; checked in Chromium's layout and in screenshots.
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { connect, fixturesDir, startHostProcess, type RunningHost } from './helpers'
import sharp from 'sharp'
import { pixelAt, pngInfo } from './png'

const projectDir = path.join(fixturesDir, 'theme')
let host: RunningHost
let miniProgram: MiniProgram

beforeAll(async () => {
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
})

const html = async (port = host.port) => (await fetch(`http://127.0.0.1:${port}/`)).text()
const screenshot = async (phone = miniProgram) =>
  Buffer.from(String(await phone.screenshot()), 'base64')

async function open(phone: MiniProgram, url: string): Promise<Page> {
  await phone.callWxMethod('reLaunch', { url })
  const page = await phone.currentPage()
  if (!page) throw new Error('no page')
  return page
}

/** How many pixels of a screenshot are within a few steps of an RGB colour. */
async function pixelsNear(png: Buffer, [r, g, b]: [number, number, number]): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let count = 0
  for (let at = 0; at < data.length; at += info.channels) {
    const near = (offset: number, value: number) => Math.abs((data[at + offset] ?? 0) - value) <= 6
    if (near(0, r) && near(1, g) && near(2, b)) count++
  }
  return count
}

describe('icon', () => {
  test('<icon type> is drawn with WeUI’s glyph, in WeChat’s colour for its type or the one it is given', async () => {
    await open(miniProgram, '/pages/home/home')
    const shot = await screenshot()
    // Two 40 px icons at 2x: a filled glyph covers well over a thousand of its 6,400 pixels.
    expect(await pixelsNear(shot, [0x07, 0xc1, 0x60])).toBeGreaterThan(1000)
    expect(await pixelsNear(shot, [0x00, 0x00, 0xff])).toBeGreaterThan(1000)
  })
})

describe('dark mode', () => {
  test('light, then hostSetTheme("dark"): window, tabBar, media queries, wx and App listeners, screenshots', async () => {
    const page = await open(miniProgram, '/pages/home/home')
    expect(await miniProgram.callWxMethod('getSystemInfoSync')).toMatchObject({ theme: 'light' })
    let document = await html()
    expect(document).toContain('<html data-theme="light">')
    expect(document).toContain('class="host-nav" style="background:#ededed;color:#000000"')
    expect(document).toMatch(/class="host-tabbar" style="background:#f7f7f7;/)
    expect(document).toContain('<style>body{background:#f7f7f7}</style>')
    expect(await (await page.$('#card'))?.style('background-color')).toBe('rgb(255, 255, 255)')
    const light = await screenshot()

    await miniProgram.callWxMethod('hostSetTheme', 'dark')
    expect(await miniProgram.evaluate(() => getApp().globalData.themeChanges)).toEqual([
      'app:dark',
      'wx:dark',
    ])
    expect(await miniProgram.callWxMethod('getAppBaseInfo')).toMatchObject({ theme: 'dark' })
    expect(await miniProgram.callWxMethod('hostGetUIState')).toMatchObject({
      theme: 'dark',
      appTheme: 'dark',
    })
    document = await html()
    expect(document).toContain('<html data-theme="dark">')
    expect(document).toContain('class="host-nav" style="background:#191919;color:#ffffff"')
    expect(document).toMatch(/class="host-tabbar" style="background:#191919;/)
    expect(document).toContain('<style>body{background:#111111}</style>')
    expect(await (await page.$('#card'))?.style('background-color')).toBe('rgb(44, 44, 44)')
    const dark = await screenshot()
    // The navigation bar as drawn: #ededed in light, #191919 in dark.
    expect(pixelAt(light, 10, 10)).toEqual([0xed, 0xed, 0xed])
    expect(pixelAt(dark, 10, 10)).toEqual([0x19, 0x19, 0x19])
    expect(pngInfo(dark).width).toBe(750)

    await miniProgram.callWxMethod('hostSetTheme', { theme: 'light' })
    expect(await miniProgram.evaluate(() => getApp().globalData.themeChanges)).toEqual([
      'app:dark',
      'wx:dark',
      'app:light',
      'wx:light',
    ])
    await expect(miniProgram.callWxMethod('hostSetTheme', 'blue')).rejects.toThrow(
      "setTheme needs {theme: 'light' | 'dark'}",
    )
  })
})

describe('page-meta and the font size setting', () => {
  test('root-font-size sets rem, "system" follows the font size control, page-font-size sets the page', async () => {
    const page = await open(miniProgram, '/pages/home/home')
    const rem = async () => (await page.$('#rem'))?.size()
    expect((await rem())?.width).toBe(160)
    await page.setData({ rootFontSize: '20px', pageFontSize: '18px' })
    expect((await rem())?.width).toBe(200)
    expect(await (await page.$('#card'))?.style('font-size')).toBe('18px')
    await miniProgram.callWxMethod('hostSetFontSize', { fontSizeSetting: 24 })
    await page.setData({ rootFontSize: 'system' })
    expect((await rem())?.width).toBe(240)
    expect(await miniProgram.callWxMethod('getAppBaseInfo')).toMatchObject({ fontSizeSetting: 24 })
  })
})

describe('device models', () => {
  test('iPhone 6/7/8 (default): no home indicator; the capsule below a 20 px status bar', async () => {
    expect(await miniProgram.callWxMethod('getWindowInfo')).toMatchObject({
      screenHeight: 667,
      statusBarHeight: 20,
      safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 },
    })
    expect(await miniProgram.callWxMethod('getMenuButtonBoundingClientRect')).toEqual({
      width: 87,
      height: 32,
      top: 24,
      bottom: 56,
      left: 278,
      right: 365,
    })
    const page = await open(miniProgram, '/pages/custom/custom')
    expect(await (await page.$('#top'))?.style('padding-top')).toBe('20px')
    expect(await (await page.$('#bottom'))?.style('padding-bottom')).toBe('0px')
  })

  test('--device iphone-x --theme dark: safe areas, capsule, taller tab bar, env() insets in layout and pictures', async () => {
    const x = await startHostProcess(projectDir, ['--device', 'iphone-x', '--theme', 'dark'])
    const phone = await connect(x)
    try {
      expect(await phone.callWxMethod('getAppBaseInfo')).toMatchObject({ theme: 'dark' })
      const safeArea = { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 }
      expect(await phone.callWxMethod('getSystemInfoSync')).toMatchObject({
        model: 'iPhone X',
        screenHeight: 812,
        statusBarHeight: 44,
        pixelRatio: 3,
        // a tab page: 812 - 44 status - 44 navigation - 84 tab bar (50 + the 34 px home indicator)
        windowHeight: 640,
        safeArea,
      })
      expect(await phone.callWxMethod('getWindowInfo')).toMatchObject({ safeArea })
      expect(await phone.callWxMethod('getMenuButtonBoundingClientRect')).toEqual({
        width: 87,
        height: 32,
        top: 48,
        bottom: 80,
        left: 278,
        right: 365,
      })
      // On a tab page the tab bar covers the home indicator: the page's bottom inset is 0.
      const home = await open(phone, '/pages/home/home')
      expect(await (await home.$('#bar'))?.style('padding-bottom')).toBe('8px')
      expect(await (await home.$('#bar'))?.style('padding-top')).toBe('0px')
      // A page with its own navigation bar and no tab bar reaches both edges.
      const custom = await open(phone, '/pages/custom/custom')
      expect(await (await custom.$('#top'))?.style('padding-top')).toBe('44px')
      expect(await (await custom.$('#bottom'))?.style('padding-bottom')).toBe('34px')
      const box = await (await custom.$('#bottom'))?.offset()
      const picture = await screenshot(phone)
      expect(pngInfo(picture)).toMatchObject({ width: 750, height: 1624 })
      expect(box?.top).toBeGreaterThan(700)
    } finally {
      phone.disconnect()
      expect(await x.stop()).toBe(0)
    }
  })
})
