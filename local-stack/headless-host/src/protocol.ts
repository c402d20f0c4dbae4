/* eslint-disable @typescript-eslint/no-explicit-any */
// The automator's JSON-RPC over WebSocket: every method miniprogram-automator@0.12.x sends, answered with the
// result shapes that client reads.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import vm from 'node:vm'
import { WebSocketServer, type WebSocket } from 'ws'
import { createLiveHandlers } from './live-protocol'
import type { Renderer } from './render'
import { exparser, type PageEntry, type Runtime } from './runtime'
import { isKnownWxApi } from './wx/catalogue'
import { attributeOf, evaluateXpath, innerWxml, outerWxml, querySelectorAll } from './tree'

type Params = Record<string, any>
type Handler = (params: Params, client: Client) => unknown

interface Client {
  socket: WebSocket
  logEnabled: boolean
}

export class ProtocolError extends Error {}

const LONGPRESS_MS = 350

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (
    error &&
    typeof error === 'object' &&
    typeof (error as { errMsg?: unknown }).errMsg === 'string'
  ) {
    return (error as { errMsg: string }).errMsg
  }
  return String(error)
}

function readPath(value: unknown, dataPath: unknown): unknown {
  if (dataPath === undefined || dataPath === null || dataPath === '') return value
  const keys = String(dataPath)
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
  let current: any = value
  for (const key of keys) {
    if (current === null || current === undefined) return undefined
    current = current[key]
  }
  return current
}

export interface Controls {
  [name: string]: (data: any) => unknown
}

export class AutomatorServer {
  private readonly server: WebSocketServer
  private readonly clients = new Set<Client>()
  private readonly handlers: Record<string, Handler>
  private readonly pressTimers = new WeakMap<
    object,
    { timer: NodeJS.Timeout; fired: boolean; started: number; fireLongpress: () => void }
  >()
  readonly methods: string[]

  constructor(
    private readonly runtime: Runtime,
    private readonly renderer: Renderer,
    private readonly controls: Controls,
  ) {
    this.server = new WebSocketServer({ noServer: true })
    this.handlers = {
      ...this.createHandlers(),
      ...createLiveHandlers(this, runtime, renderer, controls),
    }
    this.methods = Object.keys(this.handlers)
    runtime.on('log', (entry) => this.broadcast('App.logAdded', entry, true))
    runtime.on('exception', (entry) => this.broadcast('App.exceptionThrown', entry, false))
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const http = createServer(
      (request, response) => void this.serveHttp(request.url ?? '/', response),
    )
    http.on('upgrade', (request, socket, head) => {
      this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws))
    })
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(port, host, () => resolve())
    })
    this.httpServer = http
    return (http.address() as AddressInfo).port
  }

  private httpServer: Server | undefined

  /** A look at the app from any browser on this machine: the current page as HTML, or as a picture. */
  private async serveHttp(url: string, response: ServerResponse): Promise<void> {
    try {
      if (url === '/' || url === '/page.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        response.end(this.renderer.render().document)
      } else if (url === '/screenshot.png') {
        const picture = await this.renderer.screenshot()
        response.writeHead(200, { 'content-type': 'image/png' })
        response.end(picture)
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' })
        response.end(
          'the host serves / (the current page), /screenshot.png and the automator WebSocket\n',
        )
      }
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end(`${errorMessage(error)}\n`)
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.terminate()
    this.server.close()
    const http = this.httpServer
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()))
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, logEnabled: false }
    this.clients.add(client)
    socket.on('close', () => this.clients.delete(client))
    socket.on('message', (raw) => void this.onMessage(client, raw.toString()))
  }

  private readonly outbox: { method: string; params: unknown; needsLog: boolean }[] = []

  /**
   * Events are sent from a fresh stack: an error is often reported where the mini-program exhausted the stack,
   * and a send started there could fail half-way. Pending events go out before the next reply, in order.
   */
  private broadcast(method: string, params: unknown, needsLog: boolean): void {
    this.outbox.push({ method, params, needsLog })
    if (this.outbox.length === 1) setImmediate(() => this.flushEvents())
  }

  private flushEvents(): void {
    for (const { method, params, needsLog } of this.outbox.splice(0)) {
      const message = JSON.stringify({ method, params })
      for (const client of this.clients) {
        if (needsLog && !client.logEnabled) continue
        if (client.socket.readyState === client.socket.OPEN) client.socket.send(message)
      }
    }
  }

  private async onMessage(client: Client, raw: string): Promise<void> {
    let request: { id?: unknown; method?: unknown; params?: unknown }
    try {
      request = JSON.parse(raw) as typeof request
    } catch (_error) {
      client.socket.send(JSON.stringify({ error: { message: 'the message is not JSON' } }))
      return
    }
    const id = request.id
    const reply = (body: Record<string, unknown>): void => {
      this.flushEvents()
      if (client.socket.readyState === client.socket.OPEN)
        client.socket.send(JSON.stringify({ id, ...body }))
    }
    const method = typeof request.method === 'string' ? request.method : ''
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, method)
      ? this.handlers[method]
      : undefined
    if (!handler) {
      reply({ error: { message: `not supported by the host: ${method || '(no method)'}` } })
      return
    }
    try {
      const params =
        request.params && typeof request.params === 'object' ? (request.params as Params) : {}
      const result = await handler(params, client)
      await this.runtime.settle()
      reply({ result: result ?? {} })
    } catch (error) {
      await this.runtime.settle().catch(() => undefined)
      reply({ error: { message: errorMessage(error) } })
    }
  }

  // ------------------------------------------------------------------ helpers

  private isCustom = (node: any): boolean => this.runtime.isCustomComponent(node)

  private page(params: Params): PageEntry {
    return params.pageId === undefined
      ? this.runtime.currentPage()
      : this.runtime.findPage(params.pageId)
  }

  private describe(node: any, pageId: number): Record<string, unknown> {
    const elementId = this.runtime.elementIdOf(node, pageId)
    const description: Record<string, unknown> = {
      elementId,
      tagName: String(node._vt?.tagName ?? ''),
    }
    if (this.isCustom(node)) description.nodeId = elementId
    return description
  }

  private scopeOf(node: any): any {
    return this.isCustom(node) && node.shadowRoot ? node.shadowRoot : node
  }

  private element(params: Params): { node: any; pageId: number; caller: any } {
    const found = this.runtime.element(params.elementId)
    return { ...found, caller: found.node.__methodCaller }
  }

  private pageInfo(entry: PageEntry): Record<string, unknown> {
    return { pageId: entry.pageId, path: entry.route, query: entry.query }
  }

  private evaluate(declaration: unknown): (...args: unknown[]) => unknown {
    if (typeof declaration !== 'string')
      throw new ProtocolError('functionDeclaration should be a string')
    const runtime = this.runtime
    const factory = vm.runInThisContext(
      `(function (wx, getApp, getCurrentPages, console) { return (${declaration}\n) })`,
    ) as (...args: unknown[]) => unknown
    const fn = factory(
      runtime.wx,
      () => runtime.app,
      () => runtime.pageStack.map((entry) => entry.caller),
      runtime.appConsole,
    )
    if (typeof fn !== 'function') throw new ProtocolError('functionDeclaration is not a function')
    return fn as (...args: unknown[]) => unknown
  }

  private touches(
    node: any,
    box?: { left: number; top: number; width: number; height: number },
  ): unknown[] {
    const x = box ? box.left + box.width / 2 : 0
    const y = box ? box.top + box.height / 2 : 0
    return [{ identifier: 0, pageX: x, pageY: y, clientX: x, clientY: y, force: 1, target: node }]
  }

  dispatch(
    node: any,
    type: string,
    detail: unknown,
    options: { bubbles?: boolean; touches?: unknown[]; changedTouches?: unknown[] } = {},
  ): void {
    const event = exparser.Event.create(type, detail ?? {}, {
      bubbles: options.bubbles ?? true,
      composed: true,
      capturePhase: true,
      extraFields: {
        touches: options.touches ?? [],
        changedTouches: options.changedTouches ?? options.touches ?? [],
      },
    })
    exparser.Event.dispatchEvent(node, event)
  }

  tap(node: any): void {
    // Coordinates stay at the origin: a tap must not wait for a browser layout.
    const touches = this.touches(node)
    this.dispatch(node, 'touchstart', {}, { touches, changedTouches: touches })
    this.dispatch(node, 'touchend', {}, { touches: [], changedTouches: touches })
    this.dispatch(node, 'tap', { x: 0, y: 0 }, { touches: [], changedTouches: touches })
  }

  async callElementFunction(
    node: any,
    caller: any,
    name: string,
    args: unknown[],
  ): Promise<unknown> {
    const component = String(node._vt?.componentId ?? '')
    const [kind] = name.split('.')
    if (kind !== component)
      throw new ProtocolError(`${name} cannot be called on a ${component || 'text'} element`)
    switch (name) {
      case 'input.input':
      case 'textarea.input':
        return caller.hostInput(args[0])
      case 'switch.tap':
        return caller.hostToggle()
      case 'slider.slideTo':
        return caller.hostSlideTo(args[0])
      case 'swiper.swipeTo':
        return caller.hostSwipeTo(args[0])
      case 'scroll-view.scrollTo':
        await this.runtime.scrollViewTo(caller, Number(args[0] ?? 0), Number(args[1] ?? 0))
        return null
      case 'scroll-view.scrollTop':
        return caller.data.hostScrollTop
      case 'scroll-view.scrollLeft':
        return caller.data.hostScrollLeft
      case 'scroll-view.scrollWidth':
        return (await this.runtime.scrollMetrics(node)).scrollWidth
      case 'scroll-view.scrollHeight':
        return (await this.runtime.scrollMetrics(node)).scrollHeight
      default:
        throw new ProtocolError(`not supported by the host: Element.callFunction ${name}`)
    }
  }

  // ------------------------------------------------------------------ handlers

  private createHandlers(): Record<string, Handler> {
    const runtime = this.runtime
    const unsupported =
      (method: string, why: string): Handler =>
      () => {
        throw new ProtocolError(`not supported by the host: ${method} (${why})`)
      }
    return {
      'Tool.getInfo': () => ({ SDKVersion: '3.0.0', version: 'headless-host' }),
      'Tool.close': () => ({}),
      'Tool.native': (params) => {
        const control = this.controls[String(params.method)]
        if (!control)
          throw new ProtocolError(`not supported by the host: Tool.native ${String(params.method)}`)
        return control(params.data ?? {}) ?? {}
      },
      'Tool.enableRemoteDebug': unsupported(
        'Tool.enableRemoteDebug',
        'remote debugging needs WeChat',
      ),
      'Tool.getTestAccounts': unsupported(
        'Tool.getTestAccounts',
        'test accounts live in WeChat DevTools',
      ),
      'Tool.stopAudits': unsupported('Tool.stopAudits', 'audits are a WeChat DevTools feature'),
      'Tool.getTicket': unsupported('Tool.getTicket', 'tickets are a WeChat DevTools login'),
      'Tool.setTicket': unsupported('Tool.setTicket', 'tickets are a WeChat DevTools login'),
      'Tool.refreshTicket': unsupported(
        'Tool.refreshTicket',
        'tickets are a WeChat DevTools login',
      ),

      'App.getPageStack': () => ({
        pageStack: runtime.pageStack.map((entry) => this.pageInfo(entry)),
      }),
      'App.getCurrentPage': () => this.pageInfo(runtime.currentPage()),
      'App.callWxMethod': async (params) => {
        const method = String(params.method ?? '')
        const args = Array.isArray(params.args) ? params.args : []
        if (params.pluginId) throw new ProtocolError('not supported by the host: plugins')
        if (/^host[A-Z]/.test(method)) {
          const control = this.controls[method.charAt(4).toLowerCase() + method.slice(5)]
          if (!control) throw new ProtocolError(`not supported by the host: ${method}`)
          return { result: runtime.serializable(await control(args[0] ?? {})) }
        }
        const fn = runtime.wx[method] as (...args: unknown[]) => unknown
        if (!(method in runtime.wxImpl) && !runtime.wxMocks.has(method)) {
          const known = isKnownWxApi(method) ? '' : ' (not a WeChat API)'
          throw new ProtocolError(`not supported by the host: wx.${method}${known}`)
        }
        if (runtime.isAsyncWxMethod(method)) {
          const options = args[0] && typeof args[0] === 'object' ? (args[0] as Params) : {}
          const result = await new Promise((resolve, reject) => {
            const returned = fn({ ...options, success: resolve, fail: reject })
            if (returned && typeof (returned as Promise<unknown>).then === 'function')
              (returned as Promise<unknown>).then(resolve, reject)
          })
          return { result: runtime.serializable(result) }
        }
        return { result: runtime.serializable(await fn(...args)) }
      },
      'App.mockWxMethod': (params) => {
        const method = String(params.method ?? '')
        if (!method) throw new ProtocolError('method is required')
        if (params.pluginId) throw new ProtocolError('not supported by the host: plugins')
        if (!('result' in params) && params.functionDeclaration === undefined) {
          runtime.wxMocks.delete(method)
          return {}
        }
        const isAsync = runtime.isAsyncWxMethod(method)
        const mockArgs = Array.isArray(params.args) ? params.args : []
        const deliver = (options: Params, value: unknown): unknown => {
          const result =
            value && typeof value === 'object' && 'errMsg' in value
              ? value
              : { errMsg: `${method}:ok`, ...(value as object) }
          const failed = String((result as { errMsg: string }).errMsg).includes(':fail')
          if (options.success || options.fail || options.complete) {
            runtime.callSafely(failed ? options.fail : options.success, result)
            runtime.callSafely(options.complete, result)
            return undefined
          }
          return failed ? Promise.reject(result) : Promise.resolve(result)
        }
        if ('result' in params && params.functionDeclaration === undefined) {
          const value = params.result
          runtime.wxMocks.set(
            method,
            isAsync
              ? (options: Params = {}) => deliver(options ?? {}, structuredClone(value))
              : () => structuredClone(value),
          )
          return {}
        }
        const fn = this.evaluate(params.functionDeclaration)
        runtime.wxMocks.set(
          method,
          isAsync
            ? (options: Params = {}) => {
                const returned = fn.call(runtime.wx, options, ...mockArgs)
                if (returned === undefined) return undefined
                return Promise.resolve(returned).then((value) => deliver(options ?? {}, value))
              }
            : (...callArgs: unknown[]) => fn.call(runtime.wx, ...callArgs, ...mockArgs),
        )
        return {}
      },
      'App.callFunction': async (params) => {
        const fn = this.evaluate(params.functionDeclaration)
        const args = Array.isArray(params.args) ? params.args : []
        return { result: runtime.serializable(await fn(...args)) }
      },
      'App.exit': () => ({}),
      'App.enableLog': (_params, client) => {
        client.logEnabled = true
        return {}
      },
      'App.addBinding': (params) => {
        const name = String(params.name ?? '')
        if (!/^[A-Za-z_$][\w$]*$/.test(name))
          throw new ProtocolError(`invalid binding name "${name}"`)
        ;(globalThis as Record<string, unknown>)[name] = (...args: unknown[]) => {
          this.broadcast(
            'App.bindingCalled',
            { name, args: args.map((arg) => runtime.serializable(arg)) },
            false,
          )
        }
        return {}
      },
      'App.captureScreenshot': async () => ({
        data: (await this.renderer.screenshot()).toString('base64'),
      }),

      'Page.getElement': (params) => {
        const entry = this.page(params)
        const [node] = querySelectorAll(
          entry.root._exparserNode.shadowRoot,
          params.selector,
          this.isCustom,
        )
        if (!node) throw new ProtocolError(`no element matches "${String(params.selector)}"`)
        return this.describe(node, entry.pageId)
      },
      'Page.getElements': (params) => {
        const entry = this.page(params)
        const nodes = querySelectorAll(
          entry.root._exparserNode.shadowRoot,
          params.selector,
          this.isCustom,
        )
        return { elements: nodes.map((node) => this.describe(node, entry.pageId)) }
      },
      'Page.getElementByXpath': (params) => {
        const entry = this.page(params)
        const [node] = evaluateXpath(
          entry.root._exparserNode.shadowRoot,
          String(params.selector),
          this.isCustom,
        )
        if (!node) throw new ProtocolError(`no element matches "${String(params.selector)}"`)
        return this.describe(node, entry.pageId)
      },
      'Page.getElementsByXpath': (params) => {
        const entry = this.page(params)
        const nodes = evaluateXpath(
          entry.root._exparserNode.shadowRoot,
          String(params.selector),
          this.isCustom,
        )
        return { elements: nodes.map((node) => this.describe(node, entry.pageId)) }
      },
      'Page.getData': (params) => ({
        data: runtime.serializable(readPath(this.page(params).caller.data, params.path)),
      }),
      'Page.setData': (params) => {
        this.page(params).caller.setData(params.data ?? {})
        return {}
      },
      'Page.callMethod': async (params) => {
        const caller = this.page(params).caller
        const method = String(params.method ?? '')
        if (typeof caller[method] !== 'function')
          throw new ProtocolError(`page has no method "${method}"`)
        const args = Array.isArray(params.args) ? params.args : []
        return { result: runtime.serializable(await caller[method](...args)) }
      },
      'Page.getWindowProperties': async (params) => {
        const entry = this.page(params)
        const names: unknown[] = Array.isArray(params.names) ? params.names : []
        const size = await this.renderer
          .documentSize(entry)
          .catch(() => ({ width: 375, height: runtime.windowHeight() }))
        return {
          properties: names.map((name) => {
            switch (name) {
              case 'document.documentElement.scrollWidth':
              case 'document.body.scrollWidth':
                return size.width
              case 'document.documentElement.scrollHeight':
              case 'document.body.scrollHeight':
                return size.height
              case 'document.documentElement.scrollTop':
              case 'document.body.scrollTop':
              case 'window.scrollY':
                return entry.scrollTop
              case 'window.innerWidth':
                return 375
              case 'window.innerHeight':
                return runtime.windowHeight()
              default:
                throw new ProtocolError(
                  `not supported by the host: window property ${String(name)}`,
                )
            }
          }),
        }
      },

      'Element.getElement': (params) => {
        const { node, pageId } = this.element(params)
        const [found] = querySelectorAll(this.scopeOf(node), params.selector, this.isCustom)
        if (!found) throw new ProtocolError(`no element matches "${String(params.selector)}"`)
        return this.describe(found, pageId)
      },
      'Element.getElements': (params) => {
        const { node, pageId } = this.element(params)
        const nodes = querySelectorAll(this.scopeOf(node), params.selector, this.isCustom)
        return { elements: nodes.map((found) => this.describe(found, pageId)) }
      },
      'Element.getOffset': async (params) => {
        const box = await this.renderer.box(this.element(params).node)
        return { left: box.left, top: box.top }
      },
      'Element.getDOMProperties': async (params) => {
        const { node, caller } = this.element(params)
        const names: unknown[] = Array.isArray(params.names) ? params.names : []
        const needsLayout = names.some((name) => /^(offset|client|scroll)/.test(String(name)))
        const box = needsLayout ? await this.renderer.box(node) : undefined
        return {
          properties: names.map((name) => {
            switch (name) {
              case 'innerText':
              case 'textContent':
                // An input's text is its value, not the placeholder the host draws inside it.
                if (['input', 'textarea'].includes(String(node._vt?.componentId))) return ''
                return String(node.$$?.textContent ?? '')
              case 'innerHTML':
                return String(node.$$?.innerHTML ?? '')
              case 'outerHTML':
                return String(node.$$?.outerHTML ?? '')
              case 'value':
                return caller?.data?.value ?? ''
              case 'tagName':
                return String(node.$$?.tagName ?? '')
              case 'offsetWidth':
              case 'clientWidth':
              case 'scrollWidth':
                return box?.width ?? 0
              case 'offsetHeight':
              case 'clientHeight':
              case 'scrollHeight':
                return box?.height ?? 0
              case 'offsetLeft':
                return box?.left ?? 0
              case 'offsetTop':
                return box?.top ?? 0
              case 'scrollTop':
                return caller?.data?.hostScrollTop ?? 0
              case 'scrollLeft':
                return caller?.data?.hostScrollLeft ?? 0
              default: {
                const value = node.$$?.[String(name)]
                return ['string', 'number', 'boolean'].includes(typeof value) ? value : null
              }
            }
          }),
        }
      },
      'Element.getAttributes': (params) => {
        const { node } = this.element(params)
        const names: unknown[] = Array.isArray(params.names) ? params.names : []
        return { attributes: names.map((name) => attributeOf(node, String(name)) ?? null) }
      },
      'Element.getProperties': (params) => {
        const { node, caller } = this.element(params)
        const names: unknown[] = Array.isArray(params.names) ? params.names : []
        return {
          properties: names.map((name) => {
            if (name === '__propPublic') {
              const publicProperties: Record<string, boolean> = {}
              for (const [key, visible] of Object.entries(node.__propPublic ?? {}))
                if (visible === true) publicProperties[key] = true
              return publicProperties
            }
            return runtime.serializable(caller?.data?.[String(name)] ?? node[String(name)])
          }),
        }
      },
      'Element.getStyles': async (params) => {
        const names: unknown[] = Array.isArray(params.names) ? params.names : []
        return { styles: await this.renderer.styles(this.element(params).node, names.map(String)) }
      },
      'Element.getWXML': (params) => {
        const { node } = this.element(params)
        return {
          wxml:
            params.type === 'outer'
              ? outerWxml(node, this.isCustom)
              : innerWxml(node, this.isCustom),
        }
      },
      'Element.tap': (params) => {
        this.tap(this.element(params).node)
        return {}
      },
      'Element.touchstart': (params) => {
        const { node } = this.element(params)
        const touches = Array.isArray(params.touches) ? params.touches : this.touches(node)
        this.dispatch(
          node,
          'touchstart',
          {},
          { touches, changedTouches: params.changedTouches ?? touches },
        )
        const fireLongpress = (): void => {
          if (press.fired) return
          press.fired = true
          clearTimeout(press.timer)
          this.dispatch(node, 'longpress', {}, { touches })
          this.dispatch(node, 'longtap', {}, { touches })
        }
        const press = {
          fired: false,
          started: Date.now(),
          fireLongpress,
          timer: setTimeout(() => {
            fireLongpress()
            void runtime.settle()
          }, LONGPRESS_MS),
        }
        this.pressTimers.set(node, press)
        return {}
      },
      'Element.touchmove': (params) => {
        const { node } = this.element(params)
        const touches = Array.isArray(params.touches) ? params.touches : this.touches(node)
        const press = this.pressTimers.get(node)
        if (press) clearTimeout(press.timer)
        this.pressTimers.delete(node)
        this.dispatch(
          node,
          'touchmove',
          {},
          { touches, changedTouches: params.changedTouches ?? touches },
        )
        return {}
      },
      'Element.touchend': (params) => {
        const { node } = this.element(params)
        const changed = Array.isArray(params.changedTouches)
          ? params.changedTouches
          : this.touches(node)
        this.dispatch(
          node,
          'touchend',
          {},
          { touches: params.touches ?? [], changedTouches: changed },
        )
        const press = this.pressTimers.get(node)
        this.pressTimers.delete(node)
        if (press) {
          clearTimeout(press.timer)
          // A finger held for the long-press time is a long press even if this touchend overtook the timer.
          if (!press.fired && Date.now() - press.started >= LONGPRESS_MS) press.fireLongpress()
          if (!press.fired) this.dispatch(node, 'tap', {}, { touches: [], changedTouches: changed })
        }
        return {}
      },
      'Element.triggerEvent': (params) => {
        const { node } = this.element(params)
        if (typeof params.type !== 'string' || !params.type)
          throw new ProtocolError('type is required')
        this.dispatch(node, params.type, params.detail ?? {}, { bubbles: false })
        return {}
      },
      'Element.dispatchEvent': (params) => {
        const { node } = this.element(params)
        const name = params.eventName ?? params.type
        if (typeof name !== 'string' || !name) throw new ProtocolError('eventName is required')
        this.dispatch(node, name, params.eventData ?? params.detail ?? {}, { bubbles: true })
        return {}
      },
      'Element.callFunction': async (params) => {
        const { node, caller } = this.element(params)
        const args = Array.isArray(params.args) ? params.args : []
        return {
          result: runtime.serializable(
            await this.callElementFunction(node, caller, String(params.functionName), args),
          ),
        }
      },
      'Element.setData': (params) => {
        const { caller } = this.element(params)
        caller.setData(params.data ?? {})
        return {}
      },
      'Element.getData': (params) => {
        const { caller } = this.element(params)
        return { data: runtime.serializable(readPath(caller.data, params.path)) }
      },
      'Element.callMethod': async (params) => {
        const { caller } = this.element(params)
        const method = String(params.method ?? '')
        if (typeof caller?.[method] !== 'function')
          throw new ProtocolError(`component has no method "${method}"`)
        const args = Array.isArray(params.args) ? params.args : []
        return { result: runtime.serializable(await caller[method](...args)) }
      },
      'Element.callContextMethod': unsupported(
        'Element.callContextMethod',
        'video contexts need a media player',
      ),
    }
  }
}
