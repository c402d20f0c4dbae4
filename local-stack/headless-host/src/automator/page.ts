// The automator's `Page.*` methods: elements by selector or XPath, data, methods, window sizes.
import { evaluateXpath, querySelectorAll } from '../core/tree'
import { shadowRootOf } from '../framework'
import { describeNode, pageOf, type HandlerContext } from './context'
import type { Handler } from './host'
import { list, ProtocolError, readPath, text } from './interactions'

export function pageHandlers({ host, pictures }: HandlerContext): Record<string, Handler> {
  const isCustom = host.isCustomComponent.bind(host)
  const find = (params: Record<string, unknown>, all: boolean, xpath: boolean) => {
    const entry = pageOf(host, params)
    const scope = shadowRootOf(entry.node) ?? entry.node
    const nodes = xpath
      ? evaluateXpath(scope, text(params.selector), isCustom)
      : querySelectorAll(scope, text(params.selector), isCustom)
    if (all) return { elements: nodes.map((node) => describeNode(host, node, entry.pageId)) }
    const [node] = nodes
    if (!node) throw new ProtocolError(`no element matches "${text(params.selector)}"`)
    return describeNode(host, node, entry.pageId)
  }
  return {
    'Page.getElement': (params) => find(params, false, false),
    'Page.getElements': (params) => find(params, true, false),
    'Page.getElementByXpath': (params) => find(params, false, true),
    'Page.getElementsByXpath': (params) => find(params, true, true),
    'Page.getData': (params) => ({
      data: host.serializable(readPath(pageOf(host, params).instance.data, params.path)),
    }),
    'Page.setData': (params) => {
      pageOf(host, params).instance.setData(params.data ?? {})
      return {}
    },
    'Page.callMethod': async (params) => {
      const instance = pageOf(host, params).instance
      const method = text(params.method)
      if (typeof instance[method] !== 'function')
        throw new ProtocolError(`page has no method "${method}"`)
      return { result: host.serializable(await instance[method](...list(params.args))) }
    },
    'Page.getWindowProperties': async (params) => {
      const entry = pageOf(host, params)
      const size = await pictures
        .documentSize(entry)
        .catch((_noChromium: unknown) => ({ width: 375, height: host.windowHeight() }))
      return {
        properties: list(params.names).map((name) => {
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
              return host.windowHeight()
            default:
              throw new ProtocolError(`not supported by the host: window property ${text(name)}`)
          }
        }),
      }
    },
  }
}
