// Fingers with coordinates through the unmodified client (press and hold, slide up to cancel, long press,
// taps), accessibility attributes kept on the page, and the <video> component with its context.
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { connect, fixturesDir, startHostProcess, waitFor, type RunningHost } from './helpers'

const projectDir = path.join(fixturesDir, 'media')
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

type Point = { clientX: number; clientY: number; pageX: number; pageY: number }
type Logged = {
  type: string
  touches: Point[]
  changedTouches: Point[]
  detail: { x: number; y: number }
}

async function voicePage(): Promise<Page> {
  await miniProgram.callWxMethod('reLaunch', { url: '/pages/voice/voice' })
  const page = await miniProgram.currentPage()
  if (!page) throw new Error('no page')
  return page
}
const logged = (page: Page) => page.data('touches') as Promise<Logged[]>

describe('touches', () => {
  test('press and hold: longpress after 350 ms, slide up past 50 px cancels, release sends no tap', async () => {
    const page = await voicePage()
    const hold = await page.$('#hold')
    await hold?.touchstart({ touches: [{ identifier: 0, clientX: 180, clientY: 230 }] })
    expect(await page.data('hint')).toBe('松开 发送')
    await waitFor(
      () => logged(page),
      (events) => events.some((event) => event.type === 'longpress'),
      'the long press',
    )
    await hold?.touchmove({ touches: [{ identifier: 0, clientX: 182, clientY: 150 }] })
    expect(await page.data('hint')).toBe('松开 取消')
    expect(await page.data('cancelled')).toBe(true)
    await hold?.touchend({
      touches: [],
      changeTouches: [{ identifier: 0, clientX: 182, clientY: 150 }],
    } as never)
    const events = await logged(page)
    expect(events.map((event) => event.type)).toEqual([
      'touchstart',
      'longpress',
      'touchmove',
      'touchend',
    ])
    expect(events[0]).toMatchObject({
      touches: [{ clientX: 180, clientY: 230, pageX: 180, pageY: 230 }],
      changedTouches: [{ clientX: 180, clientY: 230 }],
      detail: { x: 180, y: 230 },
    })
    expect(events[2]?.touches).toEqual([{ clientX: 182, clientY: 150, pageX: 182, pageY: 150 }])
    expect(events[3]).toMatchObject({
      touches: [],
      changedTouches: [{ clientX: 182, clientY: 150 }],
    })
    expect(await page.data('hint')).toBe('按住 说话')
  })

  test('a short touch is a tap at the finger; a small drift still taps; the client’s longpress() long-presses', async () => {
    const page = await voicePage()
    const hold = await page.$('#hold')
    await hold?.touchstart({ touches: [{ clientX: 100, clientY: 220 }] })
    await hold?.touchmove({ touches: [{ clientX: 103, clientY: 224 }] })
    await hold?.touchend({ touches: [], changedTouches: [{ clientX: 103, clientY: 224 }] } as never)
    let events = await logged(page)
    expect(events.map((event) => event.type)).toEqual([
      'touchstart',
      'touchmove',
      'touchend',
      'tap',
    ])
    expect(events[3]?.detail).toEqual({ x: 103, y: 224 })
    await hold?.longpress()
    events = await logged(page)
    expect(events.slice(4).map((event) => event.type)).toEqual([
      'touchstart',
      'longpress',
      'touchend',
    ])
  })

  test('aria-role and aria-label stay on the element and in the rendered HTML', async () => {
    const page = await voicePage()
    const hold = await page.$('#hold')
    expect(await hold?.attribute('aria-label')).toBe('按住 说话')
    expect(await hold?.attribute('aria-role')).toBe('button')
    const html = await (await fetch(`http://127.0.0.1:${host.port}/`)).text()
    expect(html).toMatch(/<wx-view[^>]*aria-role="button"[^>]*>/)
    expect(html).toMatch(/<wx-view[^>]*aria-label="按住 说话"[^>]*>/)
    expect(html).toMatch(/<wx-view[^>]*role="button"[^>]*>/)
  })
})

describe('video', () => {
  async function videoPage(): Promise<Page> {
    await miniProgram.callWxMethod('hostSetChooseMediaFiles', {
      files: [path.join(fixturesDir, 'media-files/clip-2s.mp4')],
    })
    const chosen = (await miniProgram.callWxMethod('chooseMedia', { mediaType: ['video'] })) as {
      tempFiles: { tempFilePath: string; thumbTempFilePath: string }[]
    }
    const file = chosen.tempFiles[0]!
    await miniProgram.callWxMethod('reLaunch', {
      url: `/pages/video/video?src=${encodeURIComponent(file.tempFilePath)}&poster=${encodeURIComponent(file.thumbTempFilePath)}`,
    })
    const page = await miniProgram.currentPage()
    if (!page) throw new Error('no page')
    return page
  }
  type VideoEvent = { type: string; detail: Record<string, unknown> }
  const events = (page: Page) => page.data('events') as Promise<VideoEvent[]>
  const waitForEvent = (page: Page, type: string) =>
    waitFor(
      () => events(page),
      (list) => list.some((event) => event.type === type),
      `video ${type}`,
    )

  test('drawn as poster with a play button; a tap plays it to the end with metadata and timeupdate', async () => {
    const page = await videoPage()
    let html = await (await fetch(`http://127.0.0.1:${host.port}/`)).text()
    expect(html).toMatch(/<wx-video[^>]*background-image: url\(&quot;data:image\/jpeg;base64,/)
    expect(html).toContain('class="wx-video-center-play"')
    const video = await page.$('#player')
    await video?.tap()
    await waitForEvent(page, 'play')
    html = await (await fetch(`http://127.0.0.1:${host.port}/`)).text()
    expect(html).not.toContain('class="wx-video-center-play"')
    expect(html).toContain('class="wx-video-button wx-video-pause"')
    await waitForEvent(page, 'ended')
    const list = await events(page)
    expect(list.map((event) => event.type)).toEqual(['loadedmetadata', 'play', 'ended'])
    expect(list[0]?.detail).toEqual({ width: 320, height: 240, duration: 2 })
    expect(await page.data('times')).toBeGreaterThanOrEqual(4)
  })

  test('VideoContext.requestFullScreen (from the app) and callContextMethod (from the client) with fullscreenchange', async () => {
    const page = await videoPage()
    await (await page.$('#full'))?.tap()
    expect((await events(page)).at(-1)).toEqual({
      type: 'fullscreenchange',
      detail: { fullScreen: true, direction: 'vertical' },
    })
    const html = await (await fetch(`http://127.0.0.1:${host.port}/`)).text()
    expect(html).toMatch(/<wx-video[^>]*data-fullscreen=""/)
    const video = (await page.$('#player')) as unknown as {
      callContextMethod(method: string, ...args: unknown[]): Promise<unknown>
    }
    await video.callContextMethod('exitFullScreen')
    expect((await events(page)).at(-1)).toEqual({
      type: 'fullscreenchange',
      detail: { fullScreen: false, direction: 'vertical' },
    })
    await video.callContextMethod('play')
    await waitForEvent(page, 'play')
    await video.callContextMethod('pause')
    await waitForEvent(page, 'pause')
    await expect(video.callContextMethod('requestPictureInPicture')).rejects.toThrow(
      'not supported by the host: VideoContext.requestPictureInPicture',
    )
  })
})
