// The automator's `Element.*` methods: inner elements, DOM and data reads, layout from Chromium, touches,
// events and the built-ins' own functions.
import { attributeOf, innerWxml, outerWxml, querySelectorAll } from '../core/tree'
import {
  componentIdOf,
  domOf,
  propertyOf,
  publicPropertiesOf,
  type FrameworkNode,
} from '../framework'
import { describeNode, elementOf, scopeOf, type HandlerContext } from './context'
import type { Handler } from './host'
import { Fingers, normalizeTouches, type FingerPhase } from './touch'
import {
  callElementFunction,
  fire,
  list,
  ProtocolError,
  readPath,
  tap,
  text,
  touchesAt,
} from './interactions'

export function elementHandlers({ host, pictures }: HandlerContext): Record<string, Handler> {
  const isCustom = host.isCustomComponent.bind(host)
  const fingers = new Fingers(() => void host.settle())
  /** The client's touch methods send `touches` and `changedTouches` (its typings say `changeTouches`). */
  const finger = (params: Record<string, unknown>, phase: FingerPhase) => {
    const { node } = elementOf(host, params)
    const scrollTop = host.pages.current().scrollTop
    const given = params.changedTouches ?? params.changeTouches
    const ending = phase === 'touchend'
    const touches = Array.isArray(params.touches)
      ? normalizeTouches(params.touches, scrollTop)
      : ending
        ? []
        : normalizeTouches(touchesAt(node), scrollTop)
    const changed = Array.isArray(given)
      ? normalizeTouches(given, scrollTop)
      : ending
        ? normalizeTouches(touchesAt(node), scrollTop)
        : touches
    fingers.touch(node, phase, touches, changed)
    return {}
  }
  const domProperty = (node: FrameworkNode, name: string): unknown => {
    const dom = domOf(node) as unknown as Record<string, unknown> | undefined
    return dom?.[name]
  }
  return {
    'Element.getElement': (params) => {
      const { node, pageId } = elementOf(host, params)
      const [found] = querySelectorAll(scopeOf(host, node), text(params.selector), isCustom)
      if (!found) throw new ProtocolError(`no element matches "${text(params.selector)}"`)
      return describeNode(host, found, pageId)
    },
    'Element.getElements': (params) => {
      const { node, pageId } = elementOf(host, params)
      const nodes = querySelectorAll(scopeOf(host, node), text(params.selector), isCustom)
      return { elements: nodes.map((found) => describeNode(host, found, pageId)) }
    },
    'Element.getOffset': async (params) => {
      const box = await pictures.box(elementOf(host, params).node)
      return { left: box.left, top: box.top }
    },
    'Element.getDOMProperties': async (params) => {
      const { node, instance } = elementOf(host, params)
      const names = list(params.names).map(text)
      const needsLayout = names.some((name) => /^(offset|client|scroll)/.test(name))
      const box = needsLayout ? await pictures.box(node) : undefined
      return {
        properties: names.map((name) => {
          switch (name) {
            case 'innerText':
            case 'textContent':
              // An input's text is its value, not the placeholder the host draws inside it.
              if (['input', 'textarea'].includes(componentIdOf(node))) return ''
              return String(domProperty(node, 'textContent') ?? '')
            case 'innerHTML':
            case 'outerHTML':
            case 'tagName':
              return String(domProperty(node, name) ?? '')
            case 'value':
              return instance?.data?.value ?? ''
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
              return instance?.data?.hostScrollTop ?? 0
            case 'scrollLeft':
              return instance?.data?.hostScrollLeft ?? 0
            default: {
              const value = domProperty(node, name)
              return ['string', 'number', 'boolean'].includes(typeof value) ? value : null
            }
          }
        }),
      }
    },
    'Element.getAttributes': (params) => {
      const { node } = elementOf(host, params)
      return { attributes: list(params.names).map((name) => attributeOf(node, text(name)) ?? null) }
    },
    'Element.getProperties': (params) => {
      const { node, instance } = elementOf(host, params)
      return {
        properties: list(params.names).map((name) => {
          if (name === '__propPublic') {
            const visible: Record<string, boolean> = {}
            for (const key of publicPropertiesOf(node)) visible[key] = true
            return visible
          }
          return host.serializable(instance?.data?.[text(name)] ?? propertyOf(node, text(name)))
        }),
      }
    },
    'Element.getStyles': async (params) => ({
      styles: await pictures.styles(elementOf(host, params).node, list(params.names).map(text)),
    }),
    'Element.getWXML': (params) => {
      const { node } = elementOf(host, params)
      return {
        wxml: params.type === 'outer' ? outerWxml(node, isCustom) : innerWxml(node, isCustom),
      }
    },
    'Element.tap': (params) => {
      tap(elementOf(host, params).node)
      return {}
    },
    'Element.touchstart': (params) => finger(params, 'touchstart'),
    'Element.touchmove': (params) => finger(params, 'touchmove'),
    'Element.touchend': (params) => finger(params, 'touchend'),
    'Element.triggerEvent': (params) => {
      const { node } = elementOf(host, params)
      if (typeof params.type !== 'string' || !params.type)
        throw new ProtocolError('type is required')
      fire(node, params.type, params.detail ?? {}, { bubbles: false })
      return {}
    },
    'Element.dispatchEvent': (params) => {
      const { node } = elementOf(host, params)
      const name = params.eventName ?? params.type
      if (typeof name !== 'string' || !name) throw new ProtocolError('eventName is required')
      fire(node, name, params.eventData ?? params.detail ?? {}, { bubbles: true })
      return {}
    },
    'Element.callFunction': async (params) => {
      const { node } = elementOf(host, params)
      const result = await callElementFunction(
        host,
        node,
        text(params.functionName),
        list(params.args),
      )
      return { result: host.serializable(result) }
    },
    'Element.setData': (params) => {
      elementOf(host, params).instance?.setData(params.data ?? {})
      return {}
    },
    'Element.getData': (params) => ({
      data: host.serializable(readPath(elementOf(host, params).instance?.data, params.path)),
    }),
    'Element.callMethod': async (params) => {
      const { instance } = elementOf(host, params)
      const method = text(params.method)
      if (typeof instance?.[method] !== 'function')
        throw new ProtocolError(`component has no method "${method}"`)
      return { result: host.serializable(await instance[method](...list(params.args))) }
    },
    /** A video's context methods (play, pause, seek, requestFullScreen, …), as `VideoContext` has them. */
    'Element.callContextMethod': async (params) => {
      const { instance } = elementOf(host, params)
      if (typeof instance?.hostContext !== 'function')
        throw new ProtocolError('callContextMethod: the element is not a video')
      const result: unknown = instance.hostContext(text(params.method), list(params.args))
      await host.settle()
      return { result: host.serializable(result) }
    },
  }
}
