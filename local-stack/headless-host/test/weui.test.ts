// WeChat's extended library (app.json useExtendedLib: {weui: true}): WeUI's components loaded from the
// weui-miniprogram package at weui-miniprogram/<name>/<name>, styled by its weui.wxss (which WeChat adds to the
// app by itself), firing their events through the unmodified client, in both themes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Element from 'miniprogram-automator/out/Element'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { connect, fixturesDir, startHostProcess, waitFor, type RunningHost } from './helpers'

const projectDir = path.join(fixturesDir, 'weui')
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

type Logged = { type: string; detail: unknown }

async function home(): Promise<Page> {
  await miniProgram.callWxMethod('reLaunch', { url: '/pages/index/index' })
  const page = await miniProgram.currentPage()
  if (!page) throw new Error('no page')
  return page
}

async function inside(
  scope: Page | Element,
  component: string,
  selector: string,
): Promise<Element> {
  const found = await (await scope.$(component))?.$(selector)
  if (!found) throw new Error(`${selector} not found in ${component}`)
  return found
}

const lastEvent = async (page: Page) => ((await page.data('events')) as Logged[]).at(-1)
const texts = async (elements: Element[]) =>
  Promise.all(elements.map(async (element) => (await element.text()).trim()))

/** The page as the host draws it (what Chromium and the live preview show). */
const drawn = async () => (await fetch(`http://127.0.0.1:${host.port}/`)).text()

describe('cells, badge, loading, msg and weui.wxss', () => {
  test('mp-cells / mp-cell: title, value and footer drawn with WeUI’s styles; a tap reaches the page', async () => {
    const page = await home()
    const cells = await page.$('#me')
    expect((await (await cells!.$('.weui-cells__title'))!.text()).trim()).toBe('我')
    expect((await (await cells!.$('.weui-cells__tips'))!.text()).trim()).toBe('账号设置')
    const cell = await inside(page, '#nickname', '.weui-cell')
    expect(await cell.text()).toContain('昵称')
    expect(await cell.text()).toContain('alice')
    // weui.wxss reached the library's components (styleIsolation apply-shared): WeUI's cell padding and
    // the cells' white background, from the light theme's --weui-BG-2.
    expect(await cell.style('padding-top')).toBe('16px')
    expect(await (await inside(page, '#me', '.weui-cells'))?.style('background-color')).toBe(
      'rgb(255, 255, 255)',
    )
    await (await page.$('#blacklist'))!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'cell', detail: 'blacklist' })
    await (await page.$('#nickname'))!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'cell', detail: 'nickname' })
    // The cell is a link: WeUI's access arrow class is on it.
    expect(await cell.attribute('class')).toContain('weui-cell_access')
  })

  test('weui.wxss reaches the app’s own WXML too, as the extended library’s does', async () => {
    const page = await home()
    const own = await page.$('#own')
    // .weui-btn_primary: WeUI's brand green and its 8px corners.
    expect(await own!.style('background-color')).toBe('rgb(7, 193, 96)')
    expect(await own!.style('border-top-left-radius')).toBe('8px')
  })

  test('mp-badge (written as WeChat’s compiler writes it, /miniprogram_npm/weui-miniprogram/…): the count in WeUI’s red, with its aria-label', async () => {
    const page = await home()
    const badge = await inside(page, '#unread', '.weui-badge')
    expect((await badge.text()).trim()).toBe('3')
    expect(await badge.style('background-color')).toBe('rgb(250, 81, 81)')
    expect(await drawn()).toMatch(/class="weui-badge"[^>]*aria-label="3条未读"/)
  })

  test('mp-loading: tips drawn while shown, hidden by show=false', async () => {
    const page = await home()
    const view = await inside(page, '#loading', '#wx_loading_view')
    expect((await (await inside(page, '#loading', '.weui-loadmore__tips')).text()).trim()).toBe(
      '加载中',
    )
    expect(await view.attribute('class')).not.toContain('wx_loading_view__hide')
    await page.setData({ loading: false })
    expect(await view.attribute('class')).toContain('wx_loading_view__hide')
  })

  test('mp-msg: an empty state’s title, description and icon', async () => {
    const page = await home()
    expect((await (await inside(page, '#empty', '.weui-msg__title')).text()).trim()).toBe(
      '暂无消息',
    )
    expect((await (await inside(page, '#empty', '.weui-msg__desc')).text()).trim()).toBe(
      '还没有人给你发消息',
    )
    expect(await inside(page, '#empty', 'icon')).toBeTruthy()
  })
})

describe('dialogs and sheets', () => {
  test('mp-dialog (a virtual host): shown by data, WeUI’s button classes, buttontap with the index', async () => {
    const page = await home()
    expect(await page.$$('.weui-dialog')).toHaveLength(0)
    await page.setData({ dialogShow: true })
    // The dialog is a virtualHost component: its nodes sit where <mp-dialog> was, inside its own tree. Its show
    // observer sets its own data in turn; as on a phone, the view follows the data, so wait for it.
    const dialog = await waitFor(
      () => page.$('#root >>> .weui-dialog'),
      (found) => found !== null,
      'the dialog shown',
    )
    expect(await dialog!.text()).toContain('删除会话')
    expect(await dialog!.text()).toContain('删除后，将清空该聊天的消息记录')
    const buttons = await dialog!.$$('.weui-dialog__btn')
    expect(await texts(buttons)).toEqual(['取消', '删除'])
    // The dialog's ready() names its buttons' classes by changing its own copy of `buttons`.
    expect(await buttons[0]!.attribute('class')).toContain('weui-dialog__btn_default')
    expect(await buttons[1]!.attribute('class')).toContain('weui-dialog__btn_primary')
    // The page is drawn from the tree as it settles: wait for the drawing that has the dialog.
    await waitFor(
      drawn,
      (html) => /aria-role="dialog"[^>]*|role="dialog"/.test(html),
      'the dialog drawn with its role',
    )
    await buttons[1]!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'dialogbutton', detail: 1 })
    expect(await page.data('dialogShow')).toBe(false)
  })

  test('mp-actionsheet: title, actions and cancel drawn; an action fires actiontap with its value', async () => {
    const page = await home()
    await page.setData({ sheetShow: true })
    const sheet = await page.$('#sheet')
    expect((await (await sheet!.$('.weui-actionsheet__title'))!.text()).trim()).toBe('消息')
    const cells = await sheet!.$$('.weui-actionsheet__cell')
    expect(await texts(cells)).toEqual(['引用', '转发', '删除', '取消'])
    expect(await cells[2]!.attribute('class')).toContain('weui-actionsheet__cell_warn')
    expect(await cells[1]!.attribute('aria-role')).toBe('button')
    await cells[1]!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'sheetaction', detail: 'forward' })
    await page.setData({ sheetShow: true })
    await (await sheet!.$('.weui-actionsheet__cell_cancel'))!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'sheetclose', detail: null })
  })

  test('mp-half-screen-dialog: title, subtitle and slot drawn, its close button fires close', async () => {
    const page = await home()
    await page.setData({ halfShow: true })
    const dialog = await inside(page, '#half', '.weui-half-screen-dialog')
    expect(await dialog.text()).toContain('名片')
    expect(await dialog.text()).toContain('添加到通讯录')
    const close = await inside(page, '#half', '.weui-half-screen-dialog__hd__side .weui-icon-btn')
    expect((await close.text()).trim()).toBe('关闭')
    expect(await close.attribute('aria-role')).toBe('button')
    await close.tap()
    expect(await lastEvent(page)).toEqual({ type: 'halfclose', detail: null })
  })
})

describe('search, slide view, navigation bar', () => {
  test('mp-searchbar: typing fires input, the search function’s results show and one fires selectresult', async () => {
    const page = await home()
    const input = await inside(page, '#search', 'input')
    await (input as unknown as { input(text: string): Promise<void> }).input('bob')
    expect(await lastEvent(page)).toEqual({ type: 'searchinput', detail: 'bob' })
    const search = await page.$('#search')
    const results = await waitFor(
      async () => (await search?.$$('.result')) ?? [],
      (found) => found.length === 2,
      'the search results',
    )
    expect(await results[0]!.text()).toContain('bob 的聊天记录')
    await results[1]!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'selectresult', detail: 2 })
  })

  test('mp-slideview: its buttons (WXS event handlers) fire buttontap with index and data', async () => {
    const page = await home()
    const buttons = await (await page.$('#slide'))!.$$('.weui-slideview__btn')
    expect(await texts(buttons)).toEqual(['标为未读', '删除'])
    expect(await buttons[1]!.attribute('aria-role')).toBe('button')
    await buttons[1]!.tap()
    expect(await lastEvent(page)).toEqual({
      type: 'slidebutton',
      detail: { index: 1, data: 'alice' },
    })
    await buttons[0]!.tap()
    expect(await lastEvent(page)).toEqual({ type: 'slidebutton', detail: { index: 0, data: '' } })
  })

  test('mp-slideview: a finger swiping left shows the buttons (WXS touch handlers and change observers), show=false hides them', async () => {
    const page = await home()
    const left = await inside(page, '#slide', '.weui-slideview__left')
    // The slide view measures itself (createSelectorQuery in ready) and hands the sizes to its WXS through
    // change:prop; the right-hand panel is then placed by WXS setStyle.
    const right = await inside(page, '#slide', '.weui-slideview__right')
    await waitFor(
      () => right.style('width'),
      (width) => width !== '' && width !== '0px',
      'the measured buttons',
    )
    await left.touchstart({ touches: [{ identifier: 0, pageX: 300, pageY: 20 }] } as never)
    await left.touchmove({ touches: [{ identifier: 0, pageX: 120, pageY: 22 }] } as never)
    await left.touchend({
      touches: [],
      changedTouches: [{ identifier: 0, pageX: 120, pageY: 22 }],
    } as never)
    expect(await lastEvent(page)).toEqual({ type: 'slideshow', detail: null })
    // WXS setStyle reached the drawn page: the row is moved left by the buttons' width.
    expect(await left.style('transform')).toMatch(/^matrix\(1, 0, 0, 1, -\d+(\.\d+)?, 0\)$/)
    // change:show: the page closes it through data.
    await page.setData({ slideShow: true })
    await page.setData({ slideShow: false })
    expect(await left.style('transform')).toBe('matrix(1, 0, 0, 1, 0, 0)')
  })

  test('mp-navigation-bar: title and back button; back fires back and navigates back', async () => {
    await home()
    await miniProgram.callWxMethod('navigateTo', { url: '/pages/detail/detail' })
    const page = await miniProgram.currentPage()
    expect(page?.path).toBe('pages/detail/detail')
    const bar = await inside(page!, '#nav', '.weui-navigation-bar__inner')
    expect(await bar.text()).toContain('alice')
    const back = await inside(page!, '#nav', '.weui-navigation-bar__btn_goback_wrapper')
    expect(await back.attribute('aria-label')).toBe('返回')
    await back.tap()
    expect(await miniProgram.evaluate(() => [getApp().backs, getApp().backDelta])).toEqual([1, 1])
    expect((await miniProgram.currentPage())?.path).toBe('pages/index/index')
  })
})

describe('dark mode', () => {
  test('hostSetTheme switches WeUI’s variables: the cells’ background and title colour change', async () => {
    const page = await home()
    const cells = await inside(page, '#me', '.weui-cells')
    const title = await inside(page, '#me', '.weui-cells__title')
    const light = [await cells.style('background-color'), await title.style('color')]
    try {
      await miniProgram.callWxMethod('hostSetTheme', { theme: 'dark' })
      expect(await page.data('theme')).toBe('dark')
      const dark = [await cells.style('background-color'), await title.style('color')]
      expect(dark[0]).not.toBe(light[0])
      expect(dark[1]).not.toBe(light[1])
      // WeUI's dark --weui-BG-2 is #191919.
      expect(dark[0]).toBe('rgb(25, 25, 25)')
    } finally {
      await miniProgram.callWxMethod('hostSetTheme', { theme: 'light' })
    }
    expect(await cells.style('background-color')).toBe(light[0])
  })
})

describe('project checks', () => {
  test('an app with both miniprogram_npm/weui-miniprogram and useExtendedLib.weui is refused, as DevTools does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weui-conflict-'))
    try {
      fs.cpSync(projectDir, dir, { recursive: true })
      fs.mkdirSync(path.join(dir, 'miniprogram_npm/weui-miniprogram'), { recursive: true })
      await expect(startHostProcess(dir)).rejects.toThrow(
        /miniprogram_npm\/weui-miniprogram\/ conflicts with the extended library weui/,
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
