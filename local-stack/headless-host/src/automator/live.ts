// Host-only JSON-RPC methods for a live viewer (the `npm start` preview page): the current page as HTML + CSS,
// a `Host.changed` push whenever what the phone shows changes, and a person's taps, typing, scrolling and
// pull-downs addressed by the data-hid the rendered HTML carries.
import type { WebSocket } from 'ws'
import { hostWindow } from '../env'
import { componentIdOf, instanceOf, isAttached } from '../framework'
import type { AutomatorHost, Controls, Handler, Pictures } from './host'
import { callElementFunction, fire, pullDown, tap } from './interactions'
import { Fingers, normalizeTouch, type FingerPhase } from './touch'

export interface LiveFrame {
  pageId: number
  route: string
  /** A complete document (navigation bar, page with its WXSS, tabBar, modal/toast) at 375 px width. */
  document: string
  /** The page's own scroll offset (scroll-views carry theirs as data-scroll-top). */
  scrollTop: number
  /** The value of every input / textarea on the page by data-hid: the HTML shows passwords masked. */
  fields: Record<string, string>
  /** The phone's system theme (`Host.setTheme`), and the theme the app is drawn in (light unless it follows). */
  theme: 'light' | 'dark'
  appTheme: 'light' | 'dark'
}

// Toasts, modals, badges and scroll offsets change without touching the page's DOM; a cheap look at them this
// often lets the viewer follow (only while a viewer is watching).
const UI_CHECK_MS = 250

export function liveHandlers(
  host: AutomatorHost,
  pictures: Pick<Pictures, 'render'>,
  controls: Controls,
): Record<string, Handler> {
  const watchers = new Set<WebSocket>()
  let lastFrame = ''
  let lastUiState = ''
  let scheduled = false
  let observer: MutationObserver | undefined
  let uiTimer: NodeJS.Timeout | undefined

  const frame = (): LiveFrame => {
    const page = pictures.render()
    const entry = host.pages.current()
    const fields: Record<string, string> = {}
    for (const [hid, element] of host.elements.entries()) {
      const component = componentIdOf(element.node)
      if (element.pageId !== entry.pageId || !isAttached(element.node)) continue
      if (component === 'input' || component === 'textarea')
        fields[hid] = String(instanceOf(element.node)?.data?.value ?? '')
    }
    return {
      pageId: page.pageId,
      route: page.route,
      document: page.document,
      scrollTop: entry.scrollTop,
      fields,
      theme: host.device.theme,
      appTheme: host.appTheme(),
    }
  }

  const uiState = (): string => {
    const entry = host.pages.top()
    const scrollTops: unknown[] = []
    for (const [, element] of host.elements.entries()) {
      if (componentIdOf(element.node) === 'scroll-view')
        scrollTops.push(instanceOf(element.node)?.data?.hostScrollTop)
    }
    return JSON.stringify([
      host.device.theme,
      host.dialogs.ui,
      host.device.tabBar,
      entry?.pageId,
      entry?.scrollTop,
      scrollTops,
    ])
  }

  const push = (): void => {
    scheduled = false
    if (watchers.size === 0 || host.pages.pages.length === 0) return
    let current: LiveFrame
    try {
      current = frame()
    } catch (error) {
      host.report(error, 'live render')
      return
    }
    const seen = `${current.theme} ${current.appTheme}\n${current.document}`
    if (seen === lastFrame) return
    lastFrame = seen
    const message = JSON.stringify({ method: 'Host.changed', params: current })
    for (const socket of watchers) if (socket.readyState === socket.OPEN) socket.send(message)
  }

  // Coalesces a burst of DOM mutations (one setData touches many nodes) into one frame.
  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    setTimeout(push, 16)
  }

  const startWatching = (): void => {
    const Observer = (hostWindow as unknown as { MutationObserver: typeof MutationObserver })
      .MutationObserver
    observer = new Observer(schedule)
    observer.observe(hostWindow.document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    })
    host.events.on('pageChanged', schedule)
    lastUiState = uiState()
    uiTimer = setInterval(() => {
      const state = uiState()
      if (state === lastUiState) return
      lastUiState = state
      schedule()
    }, UI_CHECK_MS)
    uiTimer.unref()
  }

  const stopWatching = (): void => {
    observer?.disconnect()
    observer = undefined
    host.events.off('pageChanged', schedule)
    if (uiTimer) clearInterval(uiTimer)
    uiTimer = undefined
  }

  const node = (params: Record<string, unknown>) => host.elements.get(params.hid).node
  const fingers = new Fingers(schedule)
  const PHASES = new Set<FingerPhase>(['touchstart', 'touchmove', 'touchend', 'touchcancel'])
  const afterAction = <T>(result: T): T => {
    schedule()
    return result
  }
  const control = async (name: string, data: unknown): Promise<unknown> => {
    const run = controls[name]
    if (!run) throw new Error(`not supported by the host: ${name}`)
    return afterAction(await run((data ?? {}) as Record<string, unknown>))
  }

  return {
    'Host.renderPage': () => frame(),
    /** Pushes `Host.changed` frames to this connection from now on (until it closes). */
    'Host.watch': (_params, client) => {
      if (watchers.size === 0) startWatching()
      watchers.add(client.socket)
      lastFrame = ''
      client.socket.once('close', () => {
        watchers.delete(client.socket)
        if (watchers.size === 0) stopWatching()
      })
      schedule()
      return {}
    },
    'Host.tap': (params) => afterAction(tap(node(params))),
    /**
     * A finger on the phone (the viewer's mouse): `{hid, phase, x, y}` with x / y in the page area's
     * coordinates; every phase goes to the node the finger first touched (the viewer keeps its hid).
     */
    'Host.touch': (params) => {
      const phase = params.phase as FingerPhase
      if (!PHASES.has(phase))
        throw new Error(`phase should be touchstart, touchmove, touchend or touchcancel`)
      const x = Number(params.x)
      const y = Number(params.y)
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error('x and y should be numbers')
      const scrollTop = host.pages.current().scrollTop
      const touch = normalizeTouch(
        { clientX: x, clientY: y, pageX: x, pageY: y + scrollTop },
        scrollTop,
      )
      const lifted = phase === 'touchend' || phase === 'touchcancel'
      fingers.touch(node(params), phase, lifted ? [] : [touch], [touch])
      return afterAction({})
    },
    'Host.longPress': (params) => {
      const target = node(params)
      fire(target, 'longpress', {})
      return afterAction(fire(target, 'longtap', {}))
    },
    'Host.input': async (params) => {
      const target = node(params)
      const component = componentIdOf(target)
      if (component !== 'input' && component !== 'textarea')
        throw new Error(`element ${String(params.hid)} is a ${component || 'text'}, not an input`)
      await callElementFunction(host, target, `${component}.input`, [String(params.text ?? '')])
      return afterAction({})
    },
    /** The keyboard's send / done key on an input. */
    'Host.confirm': (params) => {
      const input = instanceOf(node(params))
      if (typeof input?.hostConfirm !== 'function')
        throw new Error(`element ${String(params.hid)} is not an input`)
      return afterAction(input.hostConfirm())
    },
    /** A scroll-view named by hid, or the page itself when hid is absent. */
    'Host.scroll': async (params) => {
      const scrollTop = Number(params.scrollTop)
      if (!Number.isFinite(scrollTop) || scrollTop < 0)
        throw new Error(`scrollTop should be a number ≥ 0, got ${String(params.scrollTop)}`)
      if (params.hid === undefined) {
        const pageScrollTo = host.wx.proxy.pageScrollTo as (options: object) => Promise<unknown>
        await pageScrollTo({ scrollTop, duration: 0 })
      } else {
        const target = instanceOf(node(params))
        if (componentIdOf(node(params)) !== 'scroll-view' || !target)
          throw new Error(`element ${String(params.hid)} is not a scroll-view`)
        await host.layout.scrollViewTo(target, undefined, scrollTop)
      }
      return afterAction({})
    },
    /** A finger dragging a refresher-enabled scroll-view down by `distance` px from its top, then letting go. */
    'Host.pullDown': (params) => {
      const target = node(params)
      if (componentIdOf(target) !== 'scroll-view')
        throw new Error(`element ${String(params.hid)} is not a scroll-view`)
      const distance = Number(params.distance ?? 80)
      if (!Number.isFinite(distance) || distance <= 0)
        throw new Error(`distance should be a number > 0, got ${String(params.distance)}`)
      return afterAction(pullDown(target, distance))
    },
    'Host.tapTabBar': (params) => control('tapTabBar', { index: params.index }),
    /** The visitor picks the phone's theme: `{theme: 'light' | 'dark'}`. */
    'Host.setTheme': (params) => control('setTheme', { theme: params.theme }),
    'Host.back': () => control('navigateLeft', {}),
    'Host.answerModal': (params) =>
      control(params.confirm === true ? 'confirmModal' : 'cancelModal', {}),
    /** An action sheet item by index, or the cancel row when index is absent. */
    'Host.answerActionSheet': (params) =>
      params.index === undefined
        ? control('cancelActionSheet', {})
        : control('tapActionSheet', { index: params.index }),
  }
}
