// Behaviour that must match WeChat for any mini-program (not only ours), against the `fidelity` fixture,
// through the unmodified automator client.
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import WebSocket from 'ws'
import { connect, fixturesDir, startHostProcess, waitFor, type RunningHost } from './helpers'
import { pixelAt } from './png'

const projectDir = path.join(fixturesDir, 'fidelity')
let host: RunningHost
let miniProgram: MiniProgram
const exceptions: { message?: string }[] = []

beforeAll(async () => {
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
  miniProgram.on('exception', (entry: { message?: string }) => exceptions.push(entry))
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

type Component = { data(path?: string): Promise<unknown> }

async function component(page: Page, selector: string): Promise<Component> {
  const found = await page.$(selector)
  if (!found) throw new Error(`${selector} not found`)
  return found as unknown as Component
}

const appData = (key: string): Promise<unknown> =>
  miniProgram.evaluate((name: string) => getApp().globalData[name], key)

describe('setData and observers', () => {
  test('this.data keeps the reference setData was given, so an observer that hands its argument back fires once', async () => {
    const page = await open('/pages/index/index')
    expect(await page.callMethod('keepsReference')).toEqual({
      kept: true,
      sameItem: true,
      sameList: true,
    })
    const echo = await component(page, '#echo')
    expect(await echo.data('fired')).toBe(1)
    await page.callMethod('echoObject', 'second')
    expect(await echo.data('fired')).toBe(2)
    expect(await echo.data('obj')).toEqual({ label: 'second' })
  })

  test('ready fires for components created after the first render (wx:if, wx:for)', async () => {
    const page = await open('/pages/index/index')
    await miniProgram.evaluate(() => {
      getApp().globalData.readies.length = 0
    })
    await page.setData({ showLate: true, lateList: ['x', 'y'] })
    const readies = await waitFor(
      () => appData('readies') as Promise<string[]>,
      (names) => names.length >= 3,
      'ready of three late components',
    )
    expect([...readies].sort()).toEqual(['late', 'x', 'y'])
  })

  test('a parent setData re-assigns only the child properties whose bound data changed', async () => {
    const page = await open('/pages/index/index')
    const probe = await component(page, '#bound')
    expect([await probe.data('aSets'), await probe.data('bSets')]).toEqual([1, 1])
    await page.setData({ left: 'L2' })
    expect([await probe.data('aSets'), await probe.data('bSets')]).toEqual([2, 1])
    await page.setData({ other: 1 })
    expect([await probe.data('aSets'), await probe.data('bSets')]).toEqual([2, 1])
    expect(await probe.data('a')).toBe('L2')
  })

  test('circular data is refused by setData with a clear error and nothing is set, as WeChat only takes JSON data', async () => {
    const page = await open('/pages/index/index')
    const result = (await page.callMethod('circular')) as { message: string }
    expect(result).toMatchObject({ threw: true, kept: true })
    expect(result.message).toContain('setData')
    expect(result.message).toContain('circular')
    expect(result.message).toContain('node.self')
  })

  test('selectComponent with a selector that matches nothing returns null', async () => {
    const page = await open('/pages/index/index')
    expect(await page.callMethod('missingComponent')).toBeNull()
  })
})

describe('WXS responses', () => {
  test('WXS event handlers get event.instance and ownerInstance; returning false stops the tap; change: observers run on first render and on change', async () => {
    const page = await open('/pages/wxs/wxs')
    const log = () => page.data('log') as Promise<Record<string, unknown>[]>
    // The observer ran once when the page was first rendered.
    await waitFor(log, (entries) => entries.length > 0, 'the first change observer call')
    expect(await log()).toEqual([{ handler: 'change', value: 1 }])
    await (await page.$('#stopper'))!.tap()
    expect((await log()).slice(1)).toEqual([
      { handler: 'stop', id: 'stopper', dataset: { kind: 'stop' } },
    ])
    const passer = await page.$('#passer')
    await passer!.tap()
    await passer!.tap()
    expect((await log()).slice(2)).toEqual([
      { handler: 'pass', taps: 1 },
      { handler: 'outer' },
      { handler: 'pass', taps: 2 },
      { handler: 'outer' },
    ])
    // setStyle reaches the drawn page.
    expect(await passer!.style('color')).toBe('rgb(255, 0, 0)')
    await page.setData({ count: 2 })
    expect((await log()).at(-1)).toEqual({ handler: 'change', value: 2, old: 1 })
  })
})

describe('setData accounting', () => {
  test('calls and JSON bytes per page and component, read and reset through host controls', async () => {
    const page = await open('/pages/index/index')
    await miniProgram.callWxMethod('hostResetSetDataStats')
    await page.setData({ left: 'L3' })
    const stats = (await miniProgram.callWxMethod('hostGetSetDataStats')) as {
      total: { calls: number; bytes: number }
      byComponent: Record<string, { calls: number; bytes: number; largest: number }>
    }
    const bytes = Buffer.byteLength(JSON.stringify({ left: 'L3' }))
    expect(stats.byComponent['pages/index/index']).toEqual({ calls: 1, bytes, largest: bytes })
    // the bound probe's observer counts the new value of `a`
    expect(stats.byComponent['components/probe/probe']?.calls).toBe(1)
    expect(stats.total.calls).toBe(2)
    await miniProgram.callWxMethod('hostResetSetDataStats')
    expect(await miniProgram.callWxMethod('hostGetSetDataStats')).toEqual({
      total: { calls: 0, bytes: 0, largest: 0 },
      byComponent: {},
      // the page's six element nodes and the one inside each of its three custom components
      wxmlNodes: 9,
    })
  })
})

describe('errors', () => {
  test('an exception thrown deep in the stack is reported and the connection keeps answering', async () => {
    const page = await open('/pages/index/index')
    exceptions.length = 0
    await (await page.$('#dive'))?.tap()
    await waitFor(
      async () => exceptions.length,
      (count) => count > 0,
      'the exception event',
    )
    expect(exceptions.map((entry) => entry.message).join('\n')).toContain(
      'Maximum call stack size exceeded',
    )
    expect(await page.data('depth')).toBe(1)
    expect((await miniProgram.currentPage())?.path).toBe('pages/index/index')
  })

  test('an unhandled rejection is reported with its error code (App.onUnhandledRejection gets the reason)', async () => {
    const page = await open('/pages/index/index')
    exceptions.length = 0
    await (await page.$('#reject'))?.tap()
    const rejections = await waitFor(
      () => appData('rejections') as Promise<unknown[]>,
      (list) => list.length > 0,
      'App.onUnhandledRejection',
    )
    expect(rejections).toEqual([{ code: 2801 }])
    await waitFor(
      async () => exceptions.length,
      (count) => count > 0,
      'the exception event',
    )
    expect(exceptions[0]?.message).toContain('request timed out (code 2801)')
  })

  test('an unsupported API called while a module loads is reported and the app keeps running', async () => {
    const errors = (await appData('errors')) as string[]
    expect(errors.join('\n')).toContain('not supported by the host: wx.createCameraContext')
    const page = await open('/pages/broken/broken')
    expect(page.path).toBe('pages/broken/broken')
    expect(await (await page.$('#detection'))?.text()).toBe('undefined')
    // the component whose module failed is left out, as WeChat leaves out a component it cannot find
    expect(await page.$('.noisy')).toBeNull()
    expect(((await appData('errors')) as string[]).join('\n')).toContain('components/noisy/noisy')
  })
})

describe('feature detection', () => {
  test('unknown wx names read as undefined, canIUse tells the truth, known but unsupported APIs fail loudly', async () => {
    const page = await open('/pages/broken/broken')
    expect(await page.data('detection')).toEqual({
      unknown: 'undefined',
      inWx: false,
      gamePortal: 'undefined',
      cloud: 'undefined',
      known: 'function',
      canIUseRequest: true,
      canIUseRequestSuccess: true,
      canIUseCamera: false,
      canIUseUnknown: false,
      canIUseScrollRefresher: true,
      canIUseMap: false,
    })
    const thrown = await miniProgram.evaluate(() => {
      try {
        wx.createCameraContext()
        return 'no error'
      } catch (error) {
        return (error as Error).message
      }
    })
    expect(thrown).toBe('not supported by the host: wx.createCameraContext')
    await expect(miniProgram.callWxMethod('notAnApi')).rejects.toThrow(
      'not supported by the host: wx.notAnApi (not a WeChat API)',
    )
    expect((await miniProgram.currentPage())?.path).toBe('pages/broken/broken')
  })
})

describe('settled pages', () => {
  test('layout reads and screenshots see entry animations finished', async () => {
    const page = await open('/pages/motion/motion')
    const slide = await page.$('#slide')
    expect((await slide?.offset())?.left).toBe(0)
    const shot = Buffer.from((await miniProgram.screenshot()) as string, 'base64')
    // the red box at the top-left (2x pictures), fully faded in
    expect(pixelAt(shot, 100, 100)).toEqual([255, 0, 0])
  })
})

describe('scroll-view refresher', () => {
  test('a pull-down gesture from the automator fires pulling and refresh; refresher-triggered=false restores', async () => {
    const page = await open('/pages/refresh/refresh')
    const list = await page.$('#list')
    const touch = (pageY: number) => [
      { identifier: 1, pageX: 100, pageY, clientX: 100, clientY: pageY },
    ]
    await list?.touchstart({ touches: touch(100), changedTouches: touch(100) } as never)
    await list?.touchmove({ touches: touch(160), changedTouches: touch(160) } as never)
    await list?.touchend({ touches: [], changedTouches: touch(160) } as never)
    expect(await page.data('events')).toEqual(['pulling:60', 'refresh:60'])
    expect(await page.data('rows')).toEqual([0, 1, 2, 3])
    await page.callMethod('finishRefresh')
    expect(await page.data('events')).toEqual(['pulling:60', 'refresh:60', 'restore'])
    await list?.touchstart({ touches: touch(100), changedTouches: touch(100) } as never)
    await list?.touchmove({ touches: touch(120), changedTouches: touch(120) } as never)
    await list?.touchend({ touches: [], changedTouches: touch(120) } as never)
    expect((await page.data('events')) as string[]).toEqual([
      'pulling:60',
      'refresh:60',
      'restore',
      'pulling:20',
      'abort:20',
    ])
  })

  test('the live page pulls a scroll-view down by its data-hid', async () => {
    const page = await open('/pages/refresh/refresh')
    const list = await page.$('#list')
    const raw = new WebSocket(host.wsEndpoint)
    await new Promise((resolve, reject) => {
      raw.once('open', resolve)
      raw.once('error', reject)
    })
    const reply = new Promise<{ error?: unknown }>((resolve) =>
      raw.once('message', (data) => resolve(JSON.parse(data.toString()) as { error?: unknown })),
    )
    raw.send(
      JSON.stringify({
        id: 1,
        method: 'Host.pullDown',
        params: { hid: (list as unknown as { id: string }).id, distance: 80 },
      }),
    )
    expect((await reply).error).toBeUndefined()
    raw.close()
    expect(await page.data('events')).toEqual(['pulling:80', 'refresh:80'])
  })
})
