// The behavior every page and component gets first: what the host adds to `this` so that it acts as in WeChat
// (setData checked as JSON and counted, selectComponent answering null, ready for late components, layout
// queries from Chromium).
import {
  componentIdOf,
  isAttached,
  nodeOf,
  querySelectorIn,
  registerBehavior,
  shadowRootOf,
  triggerLifetime,
  type FrameworkNode,
  type Instance,
} from '../framework'
import { jsonCheck } from './json-data'

export interface InstanceHooks {
  nextTick(fn: () => void): void
  recordSetData(component: string, bytes: number): void
  /** After an instance's setData: WeChat re-applies bindings of the keys set (refresher restore needs it). */
  afterSetData(owner: FrameworkNode, data: unknown): void
  createSelectorQuery(scope: FrameworkNode): unknown
}

export function createInstanceBehavior(hooks: InstanceHooks): string {
  const readied = new WeakSet<object>()
  return registerBehavior({
    lifetimes: {
      created(this: Instance) {
        const node = nodeOf(this)
        // The base library tells every component which renderer draws it; the host is a webview.
        this.renderer = 'webview'
        const component = componentIdOf(node) || String(this.is ?? '')
        this.createSelectorQuery = () => hooks.createSelectorQuery(node)
        const selectComponent = this.selectComponent as (selector: string) => unknown
        // WeChat answers null for a selector that matches nothing; j-component throws.
        this.selectComponent = (selector: string) => {
          const shadow = shadowRootOf(node)
          return shadow && querySelectorIn(shadow, selector) ? selectComponent(selector) : null
        }
        const setData = this.setData as (data: unknown, callback?: unknown) => void
        this.setData = (data: unknown, callback?: unknown) => {
          hooks.recordSetData(component, jsonCheck(data, 'setData'))
          setData.call(this, data, callback)
          hooks.afterSetData(node, data)
        }
      },
      attached(this: Instance) {
        // A page's first render readies its whole tree; a component added later (wx:if, wx:for) gets its
        // ready once it is laid out, as in WeChat.
        const node = nodeOf(this)
        hooks.nextTick(() => {
          if (!readied.has(node) && isAttached(node)) triggerLifetime(node, 'ready')
        })
      },
      ready(this: Instance) {
        readied.add(nodeOf(this))
      },
    },
  })
}
