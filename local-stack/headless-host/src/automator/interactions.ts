// What a finger or keyboard does to a node, shared by the automator's methods, the live viewer and the
// in-process API: taps, touches and the built-ins' own functions (input, switch, slider, swiper, scroll-view).
import {
  componentIdOf,
  dispatch,
  instanceOf,
  nodeOf,
  type DispatchOptions,
  type FrameworkNode,
} from '../framework'
import type { AutomatorHost } from './host'

export class ProtocolError extends Error {}

export function touchesAt(node: FrameworkNode, x = 0, y = 0): unknown[] {
  return [{ identifier: 0, pageX: x, pageY: y, clientX: x, clientY: y, force: 1, target: node }]
}

export function fire(
  node: FrameworkNode,
  type: string,
  detail: unknown,
  options?: DispatchOptions,
): void {
  dispatch(node, type, detail, options)
}

export function tap(node: FrameworkNode): void {
  // Coordinates stay at the origin: a tap must not wait for a browser layout.
  const touches = touchesAt(node)
  dispatch(node, 'touchstart', {}, { touches, changedTouches: touches })
  dispatch(node, 'touchend', {}, { touches: [], changedTouches: touches })
  dispatch(node, 'tap', { x: 0, y: 0 }, { touches: [], changedTouches: touches })
}

/** `Element.callFunction`: a built-in's own function, such as `input.input` (typing) or `swiper.swipeTo`. */
export async function callElementFunction(
  host: Pick<AutomatorHost, 'layout'>,
  node: FrameworkNode,
  name: string,
  args: unknown[],
): Promise<unknown> {
  const component = componentIdOf(node)
  const [kind] = name.split('.')
  if (kind !== component)
    throw new ProtocolError(`${name} cannot be called on a ${component || 'text'} element`)
  const builtin = instanceOf(node)
  if (!builtin) throw new ProtocolError(`${name}: the element has no instance`)
  switch (name) {
    case 'input.input':
    case 'textarea.input':
      return builtin.hostInput(args[0])
    case 'switch.tap':
      return builtin.hostToggle()
    case 'slider.slideTo':
      return builtin.hostSlideTo(args[0])
    case 'swiper.swipeTo':
      return builtin.hostSwipeTo(args[0])
    case 'scroll-view.scrollTo':
      await host.layout.scrollViewTo(builtin, Number(args[0] ?? 0), Number(args[1] ?? 0))
      return null
    case 'scroll-view.scrollTop':
      return builtin.data.hostScrollTop
    case 'scroll-view.scrollLeft':
      return builtin.data.hostScrollLeft
    case 'scroll-view.scrollWidth':
      return (await host.layout.scrollMetrics(nodeOf(builtin))).scrollWidth
    case 'scroll-view.scrollHeight':
      return (await host.layout.scrollMetrics(nodeOf(builtin))).scrollHeight
    default:
      throw new ProtocolError(`not supported by the host: Element.callFunction ${name}`)
  }
}

/** A finger dragging a node down by `distance` px from its top, then letting go (pull-down refresh). */
export function pullDown(node: FrameworkNode, distance: number): void {
  const finger = (pageY: number) => [{ identifier: 0, pageX: 0, pageY, clientX: 0, clientY: pageY }]
  dispatch(node, 'touchstart', {}, { touches: finger(0), changedTouches: finger(0) })
  dispatch(node, 'touchmove', {}, { touches: finger(distance), changedTouches: finger(distance) })
  dispatch(node, 'touchend', {}, { touches: [], changedTouches: finger(distance) })
}

export function errorMessage(error: unknown): string {
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

/** Reads `a.b[2].c` out of a page's or component's data. */
export function readPath(value: unknown, dataPath: unknown): unknown {
  if (dataPath === undefined || dataPath === null || dataPath === '') return value
  const keys = String(dataPath)
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
  let current = value
  for (const key of keys) {
    if (current === null || current === undefined) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

export const text = (value: unknown): string =>
  typeof value === 'string' ? value : String(value ?? '')
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
