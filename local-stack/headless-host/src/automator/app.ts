// The automator's `Tool.*` and `App.*` methods: the connection, the page stack, wx calls and mocks, functions
// run in the mini-program, logs, bindings, screenshots.
import { isKnownWxApi } from '../wx/catalogue'
import { evaluate, pageInfo, type HandlerContext, type Params } from './context'
import type { Handler } from './host'
import { list, ProtocolError, text } from './interactions'

const unsupported =
  (method: string, why: string): Handler =>
  () => {
    throw new ProtocolError(`not supported by the host: ${method} (${why})`)
  }

const asParams = (value: unknown): Params =>
  value && typeof value === 'object' ? (value as Params) : {}

export function toolHandlers({ controls }: HandlerContext): Record<string, Handler> {
  return {
    'Tool.getInfo': () => ({ SDKVersion: '3.0.0', version: 'headless-host' }),
    'Tool.close': () => ({}),
    'Tool.native': (params) => {
      const control = controls[text(params.method)]
      if (!control)
        throw new ProtocolError(`not supported by the host: Tool.native ${text(params.method)}`)
      return control(asParams(params.data)) ?? {}
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
    'Tool.refreshTicket': unsupported('Tool.refreshTicket', 'tickets are a WeChat DevTools login'),
  }
}

export function appHandlers(context: HandlerContext): Record<string, Handler> {
  const { host, controls, broadcast, pictures } = context
  const wx = host.wx
  return {
    'App.getPageStack': () => ({ pageStack: host.pages.pages.map(pageInfo) }),
    'App.getCurrentPage': () => pageInfo(host.pages.current()),
    'App.callWxMethod': async (params) => {
      const method = text(params.method)
      const args = list(params.args)
      if (params.pluginId) throw new ProtocolError('not supported by the host: plugins')
      if (/^host[A-Z]/.test(method)) {
        const control = controls[method.charAt(4).toLowerCase() + method.slice(5)]
        if (!control) throw new ProtocolError(`not supported by the host: ${method}`)
        // A control's data is an object; a bare string (hostSetTheme('dark')) arrives as {value}.
        const data = typeof args[0] === 'string' ? { value: args[0] } : asParams(args[0])
        return { result: host.serializable(await control(data)) }
      }
      if (!(method in wx.implemented) && !wx.mocks.has(method)) {
        const known = isKnownWxApi(method) ? '' : ' (not a WeChat API)'
        throw new ProtocolError(`not supported by the host: wx.${method}${known}`)
      }
      const fn = wx.proxy[method] as (...args: unknown[]) => unknown
      if (wx.isAsync(method)) {
        const options = asParams(args[0])
        const result = await new Promise((resolve, reject) => {
          const returned = fn({ ...options, success: resolve, fail: reject })
          if (returned && typeof (returned as Promise<unknown>).then === 'function')
            (returned as Promise<unknown>).then(resolve, reject)
        })
        return { result: host.serializable(result) }
      }
      return { result: host.serializable(await fn(...args)) }
    },
    'App.mockWxMethod': (params) => {
      const method = text(params.method)
      if (!method) throw new ProtocolError('method is required')
      if (params.pluginId) throw new ProtocolError('not supported by the host: plugins')
      if (!('result' in params) && params.functionDeclaration === undefined) {
        wx.mocks.delete(method)
        return {}
      }
      const isAsync = wx.isAsync(method)
      const mockArgs = list(params.args)
      const deliver = (options: Params, value: unknown): unknown => {
        const result =
          value && typeof value === 'object' && 'errMsg' in value
            ? value
            : { errMsg: `${method}:ok`, ...(value as object) }
        const failed = String((result as { errMsg: string }).errMsg).includes(':fail')
        if (options.success || options.fail || options.complete) {
          host.callSafely(failed ? options.fail : options.success, result)
          host.callSafely(options.complete, result)
          return undefined
        }
        return failed ? Promise.reject(result) : Promise.resolve(result)
      }
      if ('result' in params && params.functionDeclaration === undefined) {
        const value = params.result
        wx.mocks.set(
          method,
          isAsync
            ? (options: unknown) => deliver(asParams(options), structuredClone(value))
            : () => structuredClone(value),
        )
        return {}
      }
      const fn = evaluate(host, params.functionDeclaration)
      wx.mocks.set(
        method,
        isAsync
          ? (options: unknown) => {
              const returned = fn.call(wx.proxy, options, ...mockArgs)
              if (returned === undefined) return undefined
              return Promise.resolve(returned).then((value) => deliver(asParams(options), value))
            }
          : (...callArgs: unknown[]) => fn.call(wx.proxy, ...callArgs, ...mockArgs),
      )
      return {}
    },
    'App.callFunction': async (params) => {
      const fn = evaluate(host, params.functionDeclaration)
      return { result: host.serializable(await fn(...list(params.args))) }
    },
    'App.exit': () => ({}),
    'App.enableLog': (_params, client) => {
      client.logEnabled = true
      return {}
    },
    'App.addBinding': (params) => {
      const name = text(params.name)
      if (!/^[A-Za-z_$][\w$]*$/.test(name))
        throw new ProtocolError(`invalid binding name "${name}"`)
      ;(globalThis as Record<string, unknown>)[name] = (...args: unknown[]) => {
        broadcast(
          'App.bindingCalled',
          { name, args: args.map((arg) => host.serializable(arg)) },
          false,
        )
      }
      return {}
    },
    'App.captureScreenshot': async () => ({
      data: (await pictures.screenshot()).toString('base64'),
    }),
  }
}
