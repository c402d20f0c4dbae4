/* eslint-disable @typescript-eslint/no-explicit-any */
// Host-only JSON-RPC methods for a live viewer (the `npm start` preview page): the current page as HTML + CSS,
// a `Host.changed` push whenever what the phone shows changes, and a person's taps, typing and scrolling
// addressed by the data-hid the rendered HTML carries. Registered next to the automator methods in protocol.ts.
import type { WebSocket } from 'ws'
import type { AutomatorServer, Controls } from './protocol'
import type { Renderer } from './render'
import type { Runtime } from './runtime'

type LiveHandler = (params: Record<string, any>, client: { socket: WebSocket }) => unknown

export interface LiveFrame {
  pageId: number
  route: string
  /** A complete document (navigation bar, page with its WXSS, tabBar, modal/toast) at 375 px width. */
  document: string
  /** The page's own scroll offset (scroll-views carry theirs as data-scroll-top). */
  scrollTop: number
  /** The value of every input / textarea on the page by data-hid: the HTML shows passwords masked. */
  fields: Record<string, string>
}

// Toasts, modals, badges and scroll offsets change without touching the page's DOM; a cheap look at them this
// often lets the viewer follow (only while a viewer is watching).
const UI_CHECK_MS = 250

export function createLiveHandlers(
  server: AutomatorServer,
  runtime: Runtime,
  renderer: Renderer,
  controls: Controls,
): Record<string, LiveHandler> {
  const watchers = new Set<WebSocket>()
  let lastDocument = ''
  let lastUiState = ''
  let scheduled = false
  let observer: MutationObserver | undefined
  let uiTimer: NodeJS.Timeout | undefined

  const frame = (): LiveFrame => {
    const page = renderer.render()
    const entry = runtime.currentPage()
    const fields: Record<string, string> = {}
    for (const [hid, element] of runtime.elements) {
      const component = element.node._vt?.componentId
      if (element.pageId !== entry.pageId || element.node.__attached === false) continue
      if (component === 'input' || component === 'textarea')
        fields[hid] = String(element.node.__methodCaller?.data?.value ?? '')
    }
    return {
      pageId: page.pageId,
      route: page.route,
      document: page.document,
      scrollTop: entry.scrollTop,
      fields,
    }
  }

  const uiState = (): string => {
    const entry = runtime.pageStack[runtime.pageStack.length - 1]
    const scrollTops: unknown[] = []
    for (const element of runtime.elements.values()) {
      if (element.node._vt?.componentId === 'scroll-view')
        scrollTops.push(element.node.__methodCaller?.data?.hostScrollTop)
    }
    return JSON.stringify([
      runtime.ui,
      runtime.tabBarState,
      entry?.pageId,
      entry?.scrollTop,
      scrollTops,
    ])
  }

  const push = (): void => {
    scheduled = false
    if (watchers.size === 0 || runtime.pageStack.length === 0) return
    let current: LiveFrame
    try {
      current = frame()
    } catch (error) {
      runtime.reportError(error, 'live render')
      return
    }
    if (current.document === lastDocument) return
    lastDocument = current.document
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
    const view = runtime.currentPage().container.ownerDocument.defaultView as any
    observer = new view.MutationObserver(schedule) as MutationObserver
    observer.observe(view.document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    })
    runtime.on('pageChanged', schedule)
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
    runtime.off('pageChanged', schedule)
    if (uiTimer) clearInterval(uiTimer)
    uiTimer = undefined
  }

  const node = (params: Record<string, any>): any => runtime.element(params.hid).node
  const afterAction = <T>(result: T): T => {
    schedule()
    return result
  }
  const control = async (name: string, data: unknown): Promise<unknown> => {
    const run = controls[name]
    if (!run) throw new Error(`not supported by the host: ${name}`)
    return afterAction(await run(data ?? {}))
  }

  return {
    'Host.renderPage': () => frame(),
    /** Pushes `Host.changed` frames to this connection from now on (until it closes). */
    'Host.watch': (_params, client) => {
      if (watchers.size === 0) startWatching()
      watchers.add(client.socket)
      lastDocument = ''
      client.socket.once('close', () => {
        watchers.delete(client.socket)
        if (watchers.size === 0) stopWatching()
      })
      schedule()
      return {}
    },
    'Host.tap': (params) => afterAction(server.tap(node(params))),
    'Host.longPress': (params) => {
      const target = node(params)
      server.dispatch(target, 'longpress', {})
      return afterAction(server.dispatch(target, 'longtap', {}))
    },
    'Host.input': async (params) => {
      const target = node(params)
      const component = String(target._vt?.componentId ?? '')
      if (component !== 'input' && component !== 'textarea')
        throw new Error(`element ${String(params.hid)} is a ${component || 'text'}, not an input`)
      await server.callElementFunction(target, target.__methodCaller, `${component}.input`, [
        String(params.text ?? ''),
      ])
      return afterAction({})
    },
    /** The keyboard's send / done key on an input. */
    'Host.confirm': (params) => {
      const target = node(params)
      if (typeof target.__methodCaller?.hostConfirm !== 'function')
        throw new Error(`element ${String(params.hid)} is not an input`)
      return afterAction(target.__methodCaller.hostConfirm())
    },
    /** A scroll-view named by hid, or the page itself when hid is absent. */
    'Host.scroll': async (params) => {
      const scrollTop = Number(params.scrollTop)
      if (!Number.isFinite(scrollTop) || scrollTop < 0)
        throw new Error(`scrollTop should be a number ≥ 0, got ${String(params.scrollTop)}`)
      if (params.hid === undefined) {
        await runtime.wx.pageScrollTo({ scrollTop, duration: 0 })
      } else {
        const target = node(params)
        if (target._vt?.componentId !== 'scroll-view')
          throw new Error(`element ${String(params.hid)} is not a scroll-view`)
        await runtime.scrollViewTo(target.__methodCaller, undefined, scrollTop)
      }
      return afterAction({})
    },
    /** A finger dragging a refresher-enabled scroll-view down by `distance` px from its top, then letting go. */
    'Host.pullDown': (params) => {
      const target = node(params)
      if (target._vt?.componentId !== 'scroll-view')
        throw new Error(`element ${String(params.hid)} is not a scroll-view`)
      const distance = Number(params.distance ?? 80)
      if (!Number.isFinite(distance) || distance <= 0)
        throw new Error(`distance should be a number > 0, got ${String(params.distance)}`)
      const finger = (pageY: number) => [
        { identifier: 0, pageX: 0, pageY, clientX: 0, clientY: pageY },
      ]
      server.dispatch(target, 'touchstart', {}, { touches: finger(0), changedTouches: finger(0) })
      server.dispatch(
        target,
        'touchmove',
        {},
        { touches: finger(distance), changedTouches: finger(distance) },
      )
      return afterAction(
        server.dispatch(target, 'touchend', {}, { touches: [], changedTouches: finger(distance) }),
      )
    },
    'Host.tapTabBar': (params) => control('tapTabBar', { index: params.index }),
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
