// The unmodified miniprogram-automator client against the host CLI: every method the client can send.
import fs from 'node:fs'
import path from 'node:path'
import automator from 'miniprogram-automator'
import WebSocket from 'ws'
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
let host: RunningHost
let miniProgram: MiniProgram

beforeAll(async () => {
  packFixtureNpm(projectDir)
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
})

async function current(): Promise<Page> {
  const page = await miniProgram.currentPage()
  if (!page) throw new Error('no current page')
  return page
}

async function home(): Promise<Page> {
  await miniProgram.callWxMethod('reLaunch', { url: '/pages/index/index' })
  return current()
}

describe('app and pages', () => {
  test('the first page is loaded with App and Page lifecycles in order', async () => {
    const page = await current()
    expect(page.path).toBe('pages/index/index')
    expect(await page.data('lifecycle')).toEqual(['onLoad', 'onShow', 'onReady'])
    const log = await miniProgram.evaluate(() => getApp().globalData.log.slice(0, 5))
    expect(log).toEqual([
      'app:onLaunch',
      'app:onShow',
      'index:onLoad',
      'index:onShow',
      'index:onReady',
    ])
    expect(await miniProgram.evaluate(() => getApp().globalData.launchPath)).toBe(
      'pages/index/index',
    )
  })

  test('the page stack reports pages with unique ids, paths without a leading slash, and queries', async () => {
    await home()
    await miniProgram.callWxMethod('navigateTo', { url: '/pages/detail/detail?id=7' })
    const stack = await miniProgram.pageStack()
    expect(stack.map((page) => page.path)).toEqual(['pages/index/index', 'pages/detail/detail'])
    expect(stack[1]?.query).toEqual({ id: '7' })
    expect(new Set(stack).size).toBe(2)
    expect(await stack[1]?.data('depth')).toBe(2)
    await miniProgram.callWxMethod('redirectTo', { url: '/pages/detail/detail?id=a%20b&empty' })
    // as in WeChat, query values arrive exactly as written in the url
    expect((await current()).query).toEqual({ id: 'a%20b', empty: '' })
  })

  test('navigateTo / navigateBack run onHide, onUnload and onShow and keep component pageLifetimes in step', async () => {
    const index = await home()
    const counter = await index.$('counter')
    expect(await (counter as never as { data(p: string): Promise<number> }).data('shows')).toBe(1)
    await miniProgram.callWxMethod('navigateTo', { url: '/pages/detail/detail?id=1' })
    await miniProgram.callWxMethod('navigateBack', {})
    const again = await current()
    expect(again).toBe(index)
    expect(await again.data('lifecycle')).toEqual([
      'onLoad',
      'onShow',
      'onReady',
      'onHide',
      'onShow',
    ])
    const counterData = await (
      counter as never as { data(): Promise<Record<string, number>> }
    ).data()
    expect(counterData.shows).toBe(2)
    expect(counterData.hides).toBe(1)
  })

  test('an event channel carries messages both ways between opener and opened page', async () => {
    const index = await home()
    await (await index.$('#go'))?.tap()
    const detail = await current()
    expect(detail.path).toBe('pages/detail/detail')
    expect(await detail.data()).toMatchObject({ id: '42', from: 'index', msg: 'hello detail' })
    await (await detail.$('#reply'))?.tap()
    const back = await current()
    expect(back).toBe(index)
    expect(await back.data('fromDetail')).toBe('hi opener')
  })

  test('redirectTo replaces the top page, reLaunch empties the stack, navigator and subpackages work', async () => {
    await home()
    await miniProgram.callWxMethod('navigateTo', { url: '/pages/detail/detail?id=2' })
    const detail = await current()
    await (await detail.$('#nav-deep'))?.tap()
    const deep = await current()
    expect(deep.path).toBe('sub/pages/deep/deep')
    expect(await deep.data()).toEqual({ level: '3', text: 'hello subpackage' })
    await miniProgram.callWxMethod('redirectTo', { url: '/pages/form/form' })
    expect((await miniProgram.pageStack()).map((page) => page.path)).toEqual([
      'pages/index/index',
      'pages/detail/detail',
      'pages/form/form',
    ])
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/detail/detail?id=9' })
    expect((await miniProgram.pageStack()).map((page) => page.path)).toEqual([
      'pages/detail/detail',
    ])
  })

  test('navigation errors are wx failures, not crashes', async () => {
    await home()
    await expect(
      miniProgram.callWxMethod('navigateTo', { url: '/pages/nope/nope' }),
    ).rejects.toThrow('navigateTo:fail page "pages/nope/nope" is not found')
    await expect(
      miniProgram.callWxMethod('navigateTo', { url: '/pages/mine/mine' }),
    ).rejects.toThrow('can not navigateTo a tabbar page')
    await expect(miniProgram.callWxMethod('navigateBack', {})).rejects.toThrow('navigateBack:fail')
  })

  test('switchTab keeps tab pages alive, closes others, and calls onTabItemTap for tabBar taps', async () => {
    await home()
    await miniProgram.callWxMethod('navigateTo', { url: '/pages/detail/detail?id=3' })
    await miniProgram.callWxMethod('switchTab', { url: '/pages/mine/mine' })
    const mine = await current()
    expect(mine.path).toBe('pages/mine/mine')
    expect((await miniProgram.pageStack()).length).toBe(1)
    expect(await mine.data()).toMatchObject({ shows: 1, loadedWith: {} })
    await miniProgram.callWxMethod('hostTapTabBar', { index: 0 })
    await miniProgram.callWxMethod('hostTapTabBar', { index: 1 })
    const again = await current()
    expect(again).toBe(mine)
    expect(await again.data()).toMatchObject({ shows: 2, tapped: 1, lastTab: 'pages/mine/mine' })
    await expect(
      miniProgram.callWxMethod('switchTab', { url: '/pages/form/form' }),
    ).rejects.toThrow('can not switch to no-tabBar page')
  })

  test("the client's own route helpers work (they wait 3 s each)", async () => {
    await home()
    const detail = await miniProgram.navigateTo('/pages/detail/detail?id=5')
    expect(detail?.path).toBe('pages/detail/detail')
    const back = await miniProgram.navigateBack()
    expect(back?.path).toBe('pages/index/index')
  })
  test('relations link parent and child components both ways; addGlobalClass shares app.wxss; WXS files', async () => {
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/parts/parts' })
    const page = await current()
    const list = (await page.$('list')) as unknown as {
      data(path: string): Promise<unknown>
      callMethod(name: string): Promise<unknown>
    }
    expect(await list.data('count')).toBe(3)
    expect(await (await page.$('.total'))?.text()).toBe('6 halves')
    expect(await list.callMethod('names')).toEqual(['a', 'b', 'c'])
    const item = (await page.$('item')) as unknown as { data(path: string): Promise<unknown> }
    expect(await item.data('parentLinked')).toBe(true)
    await page.setData({ names: ['a', 'c'] })
    expect(await list.data('count')).toBe(2)
    // addGlobalClass: app.wxss's .btn styles the item's inner node; the isolated list does not get them
    const inner = await (
      item as unknown as { $(s: string): Promise<{ style(n: string): Promise<string> } | null> }
    ).$('.item')
    expect(await inner?.style('background-color')).toBe('rgb(7, 193, 96)')
  })

  test('a page written with Component receives its query in matching properties', async () => {
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/mine/mine?tab=inbox&other=1' })
    const page = await current()
    expect(await page.data()).toMatchObject({
      tab: 'inbox',
      loadedWith: { tab: 'inbox', other: '1' },
    })
  })
})

describe('Page methods', () => {
  test('getData with a path, setData re-renders, callMethod returns results', async () => {
    const page = await home()
    await page.setData({ todos: ['a', 'b'] })
    expect(await page.data('todos[1]')).toBe('b')
    expect(await (await page.$('.summary'))?.text()).toBe('2 todo(s)')
    expect(await page.callMethod('onTapInc')).toBeNull()
    expect(await page.data('count')).toBe(1)
    await expect(page.callMethod('missing')).rejects.toThrow('page has no method "missing"')
  })

  test('selectors: tag, #id, .class, [attr], descendant, child, comma; not piercing custom components', async () => {
    const page = await home()
    await page.setData({ todos: ['x', 'y', 'z'] })
    expect((await page.$$('.todo')).length).toBe(3)
    expect((await page.$$('view.todo[data-index="1"]')).length).toBe(1)
    expect((await page.$$('.page > .todo')).length).toBe(3)
    expect((await page.$$('#inc, #add')).length).toBe(2)
    expect(await page.$('.cbtn')).toBeNull()
    expect((await page.$$('counter >>> .cbtn')).length).toBe(1)
    const input = await page.$('input')
    expect(input?.tagName).toBe('input')
    expect(input?.constructor.name).toBe('InputElement')
    expect((await page.$('counter'))?.constructor.name).toBe('CustomElement')
  })

  test('XPath finds elements in the WXML tree', async () => {
    const page = await home()
    const add = await page.xpath('//view[@id="add"]')
    expect(await add?.text()).toBe('Add')
    expect((await page.getElementsByXpath('/page/view/view[contains(@class, "btn")]')).length).toBe(
      2,
    )
  })

  test('window properties give the page size (from Chromium) and scroll position', async () => {
    const page = await home()
    const size = await page.size()
    expect(size.width).toBe(375)
    expect(size.height).toBeGreaterThan(100)
    await miniProgram.pageScrollTo(40)
    expect(await page.scrollTop()).toBe(40)
    expect(await page.data('scrolledTo')).toBe(40)
  })
})

describe('Element methods', () => {
  test('tap, text, attribute, property, value, wxml, outerWxml', async () => {
    const page = await home()
    await (await page.$('#inc'))?.tap()
    await (await page.$('#inc'))?.tap()
    expect(await (await page.$('.title'))?.text()).toBe('Count: 2')
    expect(await (await page.$('.todo-missing'))?.text()).toBeUndefined()
    const input = await page.$('#todo-input')
    expect(await input?.attribute('id')).toBe('todo-input')
    expect(await (await page.$('#inc'))?.attribute('class')).toBe('btn')
    expect(await input?.property('placeholder')).toBe('What to do?')
    await (input as unknown as { input(text: string): Promise<void> }).input('write e2e test')
    expect(await page.data('text')).toBe('write e2e test')
    expect(await input?.value()).toBe('write e2e test')
    await (await page.$('#add'))?.tap()
    expect(await (await page.$('.todo'))?.text()).toBe('1. write e2e test')
    const badge = await page.$('#badge')
    expect(await badge?.outerWxml()).toBe(
      '<badge id="badge"><view class="badge">store 0</view></badge>',
    )
  })

  test('custom components: data, setData, callMethod, inner elements, triggerEvent to the page, behaviors, slots', async () => {
    const page = await home()
    const counter = (await page.$('counter')) as unknown as {
      data(path?: string): Promise<unknown>
      setData(data: Record<string, unknown>): Promise<void>
      callMethod(name: string, ...args: unknown[]): Promise<unknown>
      $(selector: string): Promise<{ tap(): Promise<void>; text(): Promise<string> } | null>
      wxml(): Promise<string>
    }
    expect(await counter.data('label')).toBe('Local')
    expect(await counter.data('behaviorReady')).toBe(true)
    expect(await counter.callMethod('whoAmI')).toBe('logged behavior')
    await (await counter.$('.cbtn'))?.tap()
    expect(await counter.data('n')).toBe(2)
    expect(await counter.data('doubled')).toBe(4)
    expect(await page.data('lastChange')).toBe('n=2')
    expect(await counter.callMethod('bump')).toBe(4)
    await counter.setData({ label: 'Set' })
    expect(await (await counter.$('.label'))?.text()).toMatch(/^Set: 4 \(store count \d+\)$/)
    expect(await counter.wxml()).toContain('<text class="slotted">after slot</text>')
    // externalClasses: the page's class "big" (bold in the page's WXSS) reaches the component's label node
    const label = await (
      counter as unknown as { $(s: string): Promise<{ style(n: string): Promise<string> } | null> }
    ).$('.label')
    expect(await label?.style('font-weight')).toBe('700')
  })

  test('store bindings: createStoreBindings (page), ComponentWithStore share one MobX store', async () => {
    const page = await home()
    const before = (await page.data('storeCount')) as number
    const counter = (await page.$('counter')) as unknown as {
      callMethod(name: string): Promise<unknown>
      data(p: string): Promise<unknown>
    }
    await counter.callMethod('bump')
    expect(await page.data('storeCount')).toBe(before + 1)
    expect(await page.data('storeDouble')).toBe((before + 1) * 2)
    expect(await counter.data('storeCount')).toBe(before + 1)
    await page.callMethod('storeInc')
    expect(await (await page.$('#badge'))?.wxml()).toBe(
      `<view class="badge">store ${before + 2}</view>`,
    )
  })

  test('store bindings: storeBindingsBehavior in a Component', async () => {
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/parts/parts' })
    const page = await current()
    const meter = (await page.$('meter')) as unknown as {
      data(path: string): Promise<number>
      callMethod(name: string): Promise<unknown>
      wxml(): Promise<string>
    }
    const level = await meter.data('level')
    await meter.callMethod('raise')
    expect(await meter.data('level')).toBe(level + 1)
    expect(await meter.wxml()).toBe(
      `<view class="meter">level ${level + 1} / ${(level + 1) * 2}</view>`,
    )
  })

  test('longpress (touchstart, 350 ms, touchend), trigger, dispatchEvent', async () => {
    const page = await home()
    const inc = await page.$('#inc')
    await inc?.longpress()
    expect(await page.data('longPressed')).toBe(true)
    expect(await page.data('count')).toBe(0)
    await inc?.touchstart({
      touches: [{ identifier: 1, pageX: 1, pageY: 1 }],
      changedTouches: [],
    } as never)
    await inc?.touchend({
      touches: [],
      changedTouches: [{ identifier: 1, pageX: 1, pageY: 1 }],
    } as never)
    expect(await page.data('count')).toBe(1)
    const counter = await page.$('counter')
    await counter?.trigger('change', { n: 99 })
    expect(await page.data('lastChange')).toBe('n=99')
    await inc?.dispatchEvent({ eventName: 'tap', eventData: {} } as never)
    expect(await page.data('count')).toBe(2)
  })

  test('size, offset and style come from the Chromium layout', async () => {
    const page = await home()
    const inc = await page.$('#inc')
    const size = await inc?.size()
    expect(size?.width).toBeGreaterThan(300)
    expect(size?.height).toBeGreaterThan(10)
    const offset = await inc?.offset()
    expect(offset?.top).toBeGreaterThan(0)
    expect(await inc?.style('background-color')).toBe('rgb(7, 193, 96)')
    expect(await (await page.$('.title'))?.style('font-size')).toBe('20px')
  })

  test('100vh is the page area below the navigation bar, as in WeChat (603 px, 553 px on tab pages)', async () => {
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/parts/parts' })
    const page = await current()
    expect((await (await page.$('#full'))?.size())?.height).toBe(603)
    expect(await miniProgram.callWxMethod('getWindowInfo')).toMatchObject({ windowHeight: 603 })
    await home()
    expect(await miniProgram.callWxMethod('getWindowInfo')).toMatchObject({ windowHeight: 553 })
  })
})

describe('App methods', () => {
  test('callWxMethod for sync and async APIs; mockWxMethod with a result, a function, then restore', async () => {
    await miniProgram.callWxMethod('setStorageSync', 'token', 'abc')
    expect(await miniProgram.callWxMethod('getStorageSync', 'token')).toBe('abc')
    await miniProgram.mockWxMethod(
      'getStorageSync',
      function (key: string, fallback: string) {
        return key === 'name' ? 'redhoodsu' : fallback
      },
      'unknown',
    )
    expect(await miniProgram.callWxMethod('getStorageSync', 'name')).toBe('redhoodsu')
    expect(await miniProgram.callWxMethod('getStorageSync', 'x')).toBe('unknown')
    await miniProgram.restoreWxMethod('getStorageSync')
    expect(await miniProgram.callWxMethod('getStorageSync', 'token')).toBe('abc')
    await miniProgram.mockWxMethod('login', { code: 'mocked-code' })
    expect(
      await miniProgram.evaluate(() => wx.login().then((result: { code: string }) => result.code)),
    ).toBe('mocked-code')
    await miniProgram.restoreWxMethod('login')
    expect(await miniProgram.callWxMethod('login')).toMatchObject({
      errMsg: 'login:ok',
      code: 'host-login-code',
    })
    const info = (await miniProgram.systemInfo()) as Record<string, unknown>
    expect(info).toMatchObject({ windowWidth: 375, pixelRatio: 2, SDKVersion: '3.0.0' })
    await miniProgram.mockWxMethod('getLocation', { latitude: 31.2, longitude: 121.5 })
    expect(
      await miniProgram.evaluate(() =>
        wx.getLocation({ type: 'gcj02' }).then((where: { latitude: number }) => where.latitude),
      ),
    ).toBe(31.2)
    expect(await miniProgram.callWxMethod('getLocation', {})).toEqual({
      errMsg: 'getLocation:ok',
      latitude: 31.2,
      longitude: 121.5,
    })
    await miniProgram.restoreWxMethod('getLocation')
    await expect(miniProgram.callWxMethod('openBluetoothAdapter')).rejects.toThrow(
      'not supported by the host: wx.openBluetoothAdapter',
    )
  })

  test('evaluate runs in the mini-program scope with arguments and awaits promises', async () => {
    expect(
      await miniProgram.evaluate((a: number, b: number) => a + b + getCurrentPages().length, 1, 2),
    ).toBeGreaterThan(3)
    expect(
      await miniProgram.evaluate(
        () => new Promise((resolve) => wx.nextTick(() => resolve('ticked'))),
      ),
    ).toBe('ticked')
    await expect(
      miniProgram.evaluate(() => {
        throw new Error('boom in app')
      }),
    ).rejects.toThrow('boom in app')
  })

  test('console logs arrive as console events; mini-program errors as exception events', async () => {
    const logs: unknown[] = []
    const exceptions: unknown[] = []
    miniProgram.on('console', (entry) => logs.push(entry))
    miniProgram.on('exception', (entry) => exceptions.push(entry))
    const page = await home()
    await (await page.$('#add'))?.tap()
    await waitFor(
      async () => logs.length,
      (count) => count > 0,
      'a console event',
    )
    expect(logs).toContainEqual({ type: 'log', args: ['[index] add from', 'add'] })
    await miniProgram.evaluate(() =>
      wx.nextTick(() => {
        throw new Error('tick failure')
      }),
    )
    await waitFor(
      async () => exceptions.length,
      (count) => count > 0,
      'an exception event',
    )
    expect(JSON.stringify(exceptions)).toContain('tick failure')
  })

  test('errors thrown by handlers, sync or async, become exception events, App.onError and wx.onError calls', async () => {
    const exceptions: { message?: string }[] = []
    miniProgram.on('exception', (entry: { message?: string }) => exceptions.push(entry))
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/parts/parts' })
    await miniProgram.evaluate(() => {
      getApp().globalData.errors = []
      wx.onError((message: string) => getApp().globalData.errors.push(message))
    })
    const page = await current()
    await (await page.$('#boom'))?.tap()
    await (await page.$('#async-boom'))?.tap()
    await waitFor(
      async () => exceptions.length,
      (count) => count >= 2,
      'two exception events',
    )
    const messages = exceptions.map((entry) => entry.message ?? '')
    expect(messages.some((message) => message.includes('tap handler failed'))).toBe(true)
    expect(messages.some((message) => message.includes('async handler failed'))).toBe(true)
    const errors = (await miniProgram.evaluate(() => getApp().globalData.errors)) as string[]
    expect(errors.some((message) => message.includes('tap handler failed'))).toBe(true)
    expect((await current()).path).toBe('pages/parts/parts')
  })

  test('exposeFunction lets the mini-program call back into the test', async () => {
    const received: unknown[] = []
    await miniProgram.exposeFunction('reportToTest', (...args: unknown[]) => received.push(args))
    await miniProgram.evaluate(() =>
      (globalThis as unknown as { reportToTest(a: string, b: number): void }).reportToTest('hi', 3),
    )
    await waitFor(
      async () => received.length,
      (count) => count === 1,
      'the binding call',
    )
    expect(received[0]).toEqual(['hi', 3])
  })

  test('captureScreenshot returns a PNG of the page at 375 px (2x)', async () => {
    await home()
    const data = await miniProgram.screenshot()
    const info = pngInfo(Buffer.from(data as string, 'base64'))
    expect(info.width).toBe(750)
    expect(info.height).toBe(1334)
    expect(info.distinctBytes).toBeGreaterThan(20)
  })

  test('Tool.native answers modals; unsupported methods fail with a clear message', async () => {
    await miniProgram.evaluate(() => {
      wx.showModal({ title: 'Delete?', content: 'Really delete?' }).then(
        (result: { confirm: boolean }) => {
          getApp().globalData.modalConfirm = result.confirm
        },
      )
    })
    await miniProgram.native().confirmModal()
    expect(await miniProgram.evaluate(() => getApp().globalData.modalConfirm)).toBe(true)
    await expect(miniProgram.native().cancelModal()).rejects.toThrow('no modal is showing')
    await expect(miniProgram.testAccounts()).rejects.toThrow(
      'not supported by the host: Tool.getTestAccounts',
    )
    await expect(miniProgram.native().closePaymentDialog()).rejects.toThrow(
      'not supported by the host',
    )
  })

  test('bad protocol input gets clear errors and the host keeps serving', async () => {
    const raw = new WebSocket(host.wsEndpoint)
    await new Promise((resolve, reject) => {
      raw.once('open', resolve)
      raw.once('error', reject)
    })
    const replies: Record<string, unknown>[] = []
    raw.on('message', (data) =>
      replies.push(JSON.parse(data.toString()) as Record<string, unknown>),
    )
    raw.send('this is not json')
    raw.send(JSON.stringify({ id: 'a', method: 'Nope.nothing', params: {} }))
    raw.send(JSON.stringify({ id: 'b', method: 'Page.getData', params: { pageId: 999 } }))
    raw.send(JSON.stringify({ id: 'c', method: 'Element.tap', params: { elementId: 'e999999' } }))
    raw.send(JSON.stringify({ id: 'd', method: 'Page.getElement', params: { selector: '###' } }))
    raw.send(
      JSON.stringify({ id: 'e', method: 'App.callFunction', params: { functionDeclaration: 42 } }),
    )
    await waitFor(
      async () => replies.length,
      (count) => count === 6,
      'six replies',
    )
    raw.close()
    const byId = Object.fromEntries(replies.map((reply) => [String(reply.id), reply.error]))
    expect(byId.undefined).toEqual({ message: 'the message is not JSON' })
    expect(byId.a).toEqual({ message: 'not supported by the host: Nope.nothing' })
    expect(byId.b).toEqual({ message: 'page 999 is not in the page stack' })
    expect(byId.c).toEqual({ message: 'element e999999 no longer exists' })
    expect(byId.d).toEqual({ message: 'unsupported selector "###"' })
    expect(byId.e).toEqual({ message: 'functionDeclaration should be a string' })
    expect((await current()).path).toBeTruthy()
  })

  test("every request method in the client's source is known to the host: 39 / 45 supported (README table)", async () => {
    const clientDir = path.join(
      path.dirname(require.resolve('miniprogram-automator/package.json')),
      'out',
    )
    const source = fs
      .readdirSync(clientDir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => fs.readFileSync(path.join(clientDir, file), 'utf8'))
      .join('\n')
    const events = [
      'App.logAdded',
      'App.bindingCalled',
      'App.exceptionThrown',
      'Tool.onRemoteDebugConnected',
    ]
    const methods = new Set<string>()
    for (const match of source.matchAll(/"((?:Tool|App|Page|Element)\.[A-Za-z]+)"/g))
      methods.add(match[1] ?? '')
    for (const match of source.matchAll(/getter\([a-z],"([A-Za-z]+)"/g))
      methods.add(`Element.${match[1] ?? ''}`)
    for (const event of events) methods.delete(event)
    expect(methods.size).toBe(45)
    const raw = new WebSocket(host.wsEndpoint)
    await new Promise((resolve, reject) => {
      raw.once('open', resolve)
      raw.once('error', reject)
    })
    const replies = new Map<string, { error?: { message: string } }>()
    raw.on('message', (data) => {
      const reply = JSON.parse(data.toString()) as { id?: string; error?: { message: string } }
      if (reply.id) replies.set(reply.id, reply)
    })
    for (const method of methods) {
      const params = method === 'Tool.native' ? { method: 'getUIState' } : {}
      raw.send(JSON.stringify({ id: method, method, params }))
    }
    await waitFor(
      async () => replies.size,
      (size) => size === methods.size,
      'a reply to every method',
    )
    raw.close()
    const unsupported = [...methods].filter((method) =>
      replies.get(method)?.error?.message.startsWith(`not supported by the host: ${method}`),
    )
    for (const method of unsupported) {
      // an unsupported method says why; an unknown one would not
      expect(replies.get(method)?.error?.message).toMatch(/ \(.+\)$/)
    }
    expect(unsupported.sort()).toEqual([
      'Tool.enableRemoteDebug',
      'Tool.getTestAccounts',
      'Tool.getTicket',
      'Tool.refreshTicket',
      'Tool.setTicket',
      'Tool.stopAudits',
    ])
    expect(methods.size - unsupported.length).toBe(39)
  })

  test('a second client can connect at the same time', async () => {
    const second = await automator.connect({ wsEndpoint: host.wsEndpoint })
    expect((await second.currentPage())?.path).toBe((await current()).path)
    second.disconnect()
  })
})
