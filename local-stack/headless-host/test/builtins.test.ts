// Built-in components and their behaviour, driven as a person would (taps, typing, swipes, scrolls), plus the
// --screenshots option.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import {
  connect,
  fixturesDir,
  packFixtureNpm,
  startHostProcess,
  waitFor,
  type RunningHost,
} from './helpers'
import { pngInfo } from './png'

const projectDir = path.join(fixturesDir, 'basic')
const picture = path.join(projectDir, 'images/dot.png')
const screenshotsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-shots-'))
let host: RunningHost
let miniProgram: MiniProgram

beforeAll(async () => {
  packFixtureNpm(projectDir)
  host = await startHostProcess(projectDir, ['--screenshots', screenshotsDir])
  miniProgram = await connect(host)
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
})

async function open(url: string): Promise<Page> {
  await miniProgram.callWxMethod('reLaunch', { url })
  const page = await miniProgram.currentPage()
  if (!page) throw new Error('no current page')
  return page
}

async function element(page: Page, selector: string) {
  const found = await page.$(selector)
  if (!found) throw new Error(`${selector} not found`)
  return found
}

type Callable = { callFunction(name: string, ...args: unknown[]): Promise<unknown> }

test('switch, checkbox and radio toggle on tap and emit change', async () => {
  const page = await open('/pages/widgets/widgets')
  const toggle = await element(page, '#switch')
  expect(toggle.constructor.name).toBe('SwitchElement')
  await toggle.tap()
  expect(await page.data('on')).toBe(true)
  expect(await toggle.property('checked')).toBe(true)
  await (await element(page, '#fruit-apple')).tap()
  await (await element(page, '#fruit-pear')).tap()
  expect(await page.data('picked')).toEqual(['apple', 'pear'])
  await (await element(page, '#fruit-apple')).tap()
  expect(await page.data('picked')).toEqual(['pear'])
  await (await element(page, '#size-s')).tap()
  await (await element(page, '#size-m')).tap()
  expect(await page.data('size')).toBe('M')
  expect(await (await element(page, '#size-s')).property('checked')).toBe(false)
})

test('picker opens as UI state; the test confirms a value or cancels', async () => {
  const page = await open('/pages/widgets/widgets')
  await (await element(page, '.picker-value')).tap()
  const state = (await miniProgram.callWxMethod('hostGetUIState')) as { picker: unknown }
  expect(state.picker).toEqual({
    mode: 'selector',
    range: ['red', 'green', 'blue'],
    rangeKey: '',
    value: 0,
  })
  await miniProgram.callWxMethod('hostConfirmPicker', { value: 2 })
  expect(await page.data('colorIndex')).toBe(2)
  expect(await (await element(page, '.picker-value')).text()).toBe('Color: blue')
  await (await element(page, '#color')).tap()
  await miniProgram.callWxMethod('hostCancelPicker')
  expect(await page.data('colorIndex')).toBe(2)
  await expect(miniProgram.callWxMethod('hostCancelPicker')).rejects.toThrow('no picker is open')
})

test('scroll-view scrolls within its real layout, fires scroll, scrolltolower, scrolltoupper; scroll-top and scroll-into-view', async () => {
  const page = await open('/pages/widgets/widgets')
  const list = (await element(page, '#list')) as unknown as Callable & {
    scrollTo(x: number, y: number): Promise<void>
    scrollHeight(): Promise<number>
    property(name: string): Promise<unknown>
  }
  expect(list.constructor.name).toBe('ScrollViewElement')
  const height = await list.scrollHeight()
  expect(height).toBe(20 * 30)
  await list.scrollTo(0, 100)
  expect(await page.data('lastScroll')).toBe(100)
  expect(await list.property('scrollTop')).toBe(100)
  await list.scrollTo(0, 10000)
  expect(await list.property('scrollTop')).toBe(height - 100)
  expect(await page.data('lower')).toBe(1)
  await list.scrollTo(0, 0)
  expect(await page.data('upper')).toBe(1)
  await page.setData({ listTop: 60 })
  expect(await page.data('lastScroll')).toBe(60)
  await page.setData({ intoView: 'item-10' })
  await waitFor(
    () => list.property('scrollTop'),
    (top) => top === 300,
    'scroll-into-view',
  )
})

test('createSelectorQuery answers ids, sizes and positions from the real layout, properties and styles', async () => {
  const page = await open('/pages/widgets/widgets')
  await page.callMethod('measure')
  const [list, rows, toggle, viewport] = (await waitFor(
    () => page.data('measured'),
    (measured) => Array.isArray(measured),
    'the selector query result',
  )) as [
    Record<string, number>,
    Record<string, number>[],
    Record<string, unknown>,
    Record<string, number>,
  ]
  expect(list).toMatchObject({ id: 'list', width: 375, height: 100 })
  expect(list.bottom! - list.top!).toBe(100)
  expect(list.top).toBeGreaterThan(0)
  expect(rows).toHaveLength(20)
  expect(rows[0]).toEqual({ dataset: {}, width: 375, height: 30 })
  expect(toggle).toEqual({ checked: false, display: 'inline-block' })
  expect(viewport).toEqual({ id: '', dataset: {}, scrollLeft: 0, scrollTop: 0 })
})

test('swiper swipes to an item and reports the change; bad indexes are errors', async () => {
  const page = await open('/pages/widgets/widgets')
  const swiper = (await element(page, '#swiper')) as unknown as {
    swipeTo(index: number): Promise<void>
  }
  await swiper.swipeTo(2)
  expect(await page.data('slide')).toBe(2)
  await expect(swiper.swipeTo(9)).rejects.toThrow('swiper has no item 9')
})

test('image loads and reports its size; textarea takes input; slider slides', async () => {
  const page = await open('/pages/widgets/widgets')
  await waitFor(
    () => page.data('imageSize'),
    (size) => size !== null,
    'the image load event',
  )
  expect(await page.data('imageSize')).toEqual({ width: 40, height: 30 })
  // a relative src starts from the page's folder; widthFix keeps the picture's proportions in the layout
  await waitFor(
    () => page.data('relativeSize'),
    (size) => size != null,
    'the relative image',
  )
  expect(await page.data('relativeSize')).toEqual({ width: 40, height: 30 })
  expect(await (await element(page, '#relative-picture')).size()).toEqual({
    width: 320,
    height: 240,
  })
  const note = (await element(page, '#note')) as unknown as { input(text: string): Promise<void> }
  await note.input('multi\nline')
  expect(await page.data('note')).toBe('multi\nline')
  const level = (await element(page, '#level')) as unknown as {
    slideTo(value: number): Promise<void>
  }
  await level.slideTo(30)
  expect(await page.data('level')).toBe(30)
})

test('button open-types: getPhoneNumber fails clearly, chooseAvatar uses the configured file, share, privacy agreement', async () => {
  const page = await open('/pages/widgets/widgets')
  await (await element(page, '#phone')).tap()
  await miniProgram.callWxMethod('hostSetChooseMediaFiles', { files: [picture] })
  await (await element(page, '#avatar')).tap()
  expect(await page.data('events')).toEqual([
    'phone:{"errMsg":"getPhoneNumber:fail not supported by the host"}',
    'avatar:"http://tmp/"',
  ])
  await miniProgram.evaluate(() => {
    wx.requirePrivacyAuthorize().then(() => (getApp().globalData.privacy = 'granted'))
  })
  expect(
    ((await miniProgram.callWxMethod('hostGetUIState')) as { privacyPrompt: boolean })
      .privacyPrompt,
  ).toBe(true)
  await (await element(page, '#agree')).tap()
  expect(await miniProgram.evaluate(() => getApp().globalData.privacy)).toBe('granted')
  await (await element(page, '#share')).tap()
  const state = (await miniProgram.callWxMethod('hostGetUIState')) as { shares: unknown[] }
  expect(state.shares).toEqual([{ title: 'Shared widgets', path: '/pages/widgets/widgets' }])
})

test('hidden elements take no space; navigator switches tabs', async () => {
  const page = await open('/pages/widgets/widgets')
  expect(await (await element(page, '#secret')).size()).toEqual({ width: 0, height: 0 })
  await page.setData({ hidden: false })
  expect((await (await element(page, '#secret')).size()).height).toBeGreaterThan(0)
  await (await element(page, '#to-mine')).tap()
  expect((await miniProgram.currentPage())?.path).toBe('pages/mine/mine')
})

test('form collects named fields on submit (tap bubbling from the button label) and clears them on reset', async () => {
  const page = await open('/pages/form/form')
  const type = async (selector: string, text: string) =>
    ((await element(page, selector)) as unknown as { input(text: string): Promise<void> }).input(
      text,
    )
  await type('#name', 'Alice')
  await type('#password', 'secret99')
  await (await element(page, '#agree')).tap()
  await (await element(page, '#tag-b')).tap()
  await (await element(page, '#level-2')).tap()
  await (await element(page, '#submit text')).tap()
  expect(await page.data('submitted')).toEqual({
    name: 'Alice',
    password: 'secret',
    agree: true,
    tags: ['b'],
    level: '2',
  })
  await (await element(page, '#reset')).tap()
  expect(await page.data('resets')).toBe(1)
  expect(await (await element(page, '#name')).value()).toBe('')
})

test('screenshots: one per page change in --screenshots, non-blank and phone-sized', async () => {
  await open('/pages/widgets/widgets')
  await waitFor(
    async () => fs.readdirSync(screenshotsDir),
    (files) => files.some((file) => file.endsWith('pages_widgets_widgets.png')),
    'a screenshot of the widgets page',
  )
  const file = fs
    .readdirSync(screenshotsDir)
    .find((name) => name.endsWith('pages_widgets_widgets.png'))
  const info = pngInfo(fs.readFileSync(path.join(screenshotsDir, file ?? '')))
  expect([info.width, info.height]).toEqual([750, 1334])
  expect(info.distinctBytes).toBeGreaterThan(20)
})
