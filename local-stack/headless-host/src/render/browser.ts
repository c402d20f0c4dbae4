// Pictures and layouts of a page from headless Chromium (Debian's `chromium`, through playwright-core): the
// page's HTML loaded with its animations finished, then photographed or measured.
import fs from 'node:fs'
import { chromium, type Browser, type Page as BrowserPage } from 'playwright-core'
import type { LayoutBox, LayoutProvider, ScrollMetrics } from '../core/layout'
import type { FrameGrabber } from '../core/media-info'
import type { PageEntry } from '../core/page-stack'
import type { FrameworkNode } from '../framework'
import type { RenderHost } from './host'
import type { HtmlRenderer } from './html'

export const CHROMIUM_PATH = process.env.HEADLESS_HOST_CHROMIUM ?? '/usr/bin/chromium'
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Box {
  left: number
  top: number
  width: number
  height: number
}

export class BrowserRenderer implements LayoutProvider, FrameGrabber {
  private browser: Browser | undefined
  private page: BrowserPage | undefined
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly host: Pick<RenderHost, 'currentPage' | 'findPage' | 'elements' | 'device'>,
    private readonly html: HtmlRenderer,
  ) {}

  private async browserPage(): Promise<BrowserPage> {
    if (this.page) return this.page
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y --no-install-recommends chromium fonts-noto-cjk\` (or set HEADLESS_HOST_CHROMIUM)`,
      )
    }
    this.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
    })
    const context = await this.browser.newContext({
      viewport: { ...this.host.device.profile.screen },
      deviceScaleFactor: 2,
    })
    // Pictures come inline; nothing the page references may reach a machine other than this one.
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (/^(data:|about:|https?:\/\/(127\.0\.0\.1|localhost)[:/])/.test(url))
        return route.continue()
      return route.abort()
    })
    this.page = await context.newPage()
    return this.page
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    // The next job runs whether this one failed or not; its caller gets the failure.
    this.queue = run.catch((_failedForItsCaller: unknown) => undefined)
    return run
  }

  private async load(entry: PageEntry, markers: FrameworkNode[] = []): Promise<BrowserPage> {
    const page = await this.browserPage()
    const screen = this.host.device.profile.screen
    const viewport = page.viewportSize()
    if (viewport?.width !== screen.width || viewport.height !== screen.height)
      await page.setViewportSize({ ...screen })
    await page.setContent(this.html.render(entry, markers).document, { waitUntil: 'load' })
    await page.evaluate((scrollTop) => {
      for (const element of Array.from(
        document.querySelectorAll<HTMLElement>('[data-scroll-top]'),
      )) {
        element.scrollTop = Number(element.dataset.scrollTop)
        element.scrollLeft = Number(element.dataset.scrollLeft)
      }
      window.scrollTo(0, scrollTop)
      // Each load restarts the page's CSS animations; WeChat's page has long finished its entry animations
      // when a test looks at it. Finite ones jump to their end, endless ones go back to their start.
      for (const animation of document.getAnimations()) {
        try {
          animation.finish()
        } catch (_endless) {
          animation.cancel()
        }
      }
    }, entry.scrollTop)
    return page
  }

  screenshot(entry: PageEntry = this.host.currentPage()): Promise<Buffer> {
    return this.exclusive(async () => {
      const page = await this.load(entry)
      return page.screenshot({ type: 'png' })
    })
  }

  private pageOf(node: FrameworkNode): PageEntry {
    const pageId = this.host.elements.pageIdOf(node)
    return pageId === undefined ? this.host.currentPage() : this.host.findPage(pageId)
  }

  box(node: FrameworkNode): Promise<Box> {
    return this.exclusive(async () => {
      const entry = this.pageOf(node)
      const page = await this.load(entry, [node])
      const box = await page.evaluate(() => {
        const element = document.querySelector('[data-host-marker="0"]')
        if (!element) return undefined
        const rect = element.getBoundingClientRect()
        const origin = document.body.getBoundingClientRect()
        return {
          left: rect.left - origin.left,
          top: rect.top - origin.top,
          width: rect.width,
          height: rect.height,
        }
      })
      if (!box) throw new Error('the element is not rendered')
      return box
    })
  }

  /** Boxes relative to the page area's top-left (what boundingClientRect answers), and computed styles. */
  boxes(nodes: FrameworkNode[], styleNames: string[]): Promise<(LayoutBox | undefined)[]> {
    return this.exclusive(async () => {
      const first = nodes[0]
      const page = await this.load(first ? this.pageOf(first) : this.host.currentPage(), nodes)
      return page.evaluate(
        ({ count, names }) => {
          const top = parseFloat(getComputedStyle(document.documentElement).marginTop)
          return Array.from({ length: count }, (_unused, index) => {
            const element = document.querySelector(`[data-host-marker="${index}"]`)
            if (!element) return undefined
            const rect = element.getBoundingClientRect()
            const style = getComputedStyle(element)
            const styles: Record<string, string> = {}
            for (const name of names) {
              styles[name] = style.getPropertyValue(
                name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
              )
            }
            return {
              left: rect.left,
              top: rect.top - top,
              width: rect.width,
              height: rect.height,
              styles,
            }
          })
        },
        { count: nodes.length, names: styleNames },
      )
    })
  }

  styles(node: FrameworkNode, names: string[]): Promise<string[]> {
    return this.exclusive(async () => {
      const page = await this.load(this.pageOf(node), [node])
      return page.evaluate((wanted) => {
        const element = document.querySelector('[data-host-marker="0"]')
        if (!element) return wanted.map(() => '')
        const style = getComputedStyle(element)
        return wanted.map((name) =>
          style.getPropertyValue(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)),
        )
      }, names)
    })
  }

  documentSize(entry: PageEntry): Promise<{ width: number; height: number }> {
    return this.exclusive(async () => {
      const page = await this.load(entry)
      return page.evaluate(() => {
        const root = document.documentElement
        const top = parseFloat(getComputedStyle(root).marginTop)
        return {
          width: root.scrollWidth,
          height: Math.max(root.scrollHeight - top, document.body.scrollHeight),
        }
      })
    })
  }

  scrollMetrics(node: FrameworkNode, intoView?: string): Promise<ScrollMetrics> {
    return this.exclusive(async () => {
      const page = await this.load(this.pageOf(node), [node])
      return page.evaluate((id) => {
        const element = document.querySelector('[data-host-marker="0"]') as HTMLElement | null
        if (!element) return { scrollHeight: 0, scrollWidth: 0, clientHeight: 0, clientWidth: 0 }
        const metrics: Record<string, number> = {
          scrollHeight: element.scrollHeight,
          scrollWidth: element.scrollWidth,
          clientHeight: element.clientHeight,
          clientWidth: element.clientWidth,
        }
        if (id) {
          const targetElement = element.querySelector(`[data-wx-id="${CSS.escape(id)}"]`)
          if (targetElement) {
            const top =
              targetElement.getBoundingClientRect().top -
              element.getBoundingClientRect().top +
              element.scrollTop
            metrics.targetTop = Math.min(
              top,
              Math.max(0, element.scrollHeight - element.clientHeight),
            )
          }
        }
        return metrics as unknown as ScrollMetrics
      }, intoView)
    })
  }

  /** A video's first frame as JPEG, decoded by Chromium's own video decoder. */
  firstFrame(bytes: Buffer, mimeType: string): Promise<Buffer> {
    return this.exclusive(async () => {
      const page = await this.browserPage()
      await page.setContent('<!doctype html><html><body></body></html>')
      const dataUrl = await page.evaluate(
        async (src) => {
          const video = document.createElement('video')
          video.muted = true
          video.preload = 'auto'
          video.src = src
          await new Promise((resolve, reject) => {
            video.onloadeddata = resolve
            video.onerror = () =>
              reject(new Error(`the video cannot be decoded (${video.error?.code})`))
          })
          const canvas = document.createElement('canvas')
          canvas.width = video.videoWidth
          canvas.height = video.videoHeight
          canvas.getContext('2d')?.drawImage(video, 0, 0)
          return canvas.toDataURL('image/jpeg', 0.8)
        },
        `data:${mimeType};base64,${bytes.toString('base64')}`,
      )
      return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
    })
  }

  async close(): Promise<void> {
    const browser = this.browser
    this.browser = undefined
    this.page = undefined
    if (browser) await browser.close().catch((_alreadyGone: unknown) => undefined)
  }
}
