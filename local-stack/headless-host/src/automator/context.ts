// What every group of protocol methods works with, and the lookups they share (pages, elements, functions the
// client sends as source).
import vm from 'node:vm'
import type { PageEntry } from '../core/page-stack'
import {
  instanceOf,
  shadowRootOf,
  tagNameOf,
  type FrameworkNode,
  type Instance,
} from '../framework'
import type { AutomatorHost, Controls, Pictures } from './host'
import { ProtocolError } from './interactions'
import type { Broadcast } from './server'

export interface HandlerContext {
  host: AutomatorHost
  pictures: Pictures
  controls: Controls
  broadcast: Broadcast
}

export type Params = Record<string, unknown>

export function pageOf(host: AutomatorHost, params: Params): PageEntry {
  return params.pageId === undefined ? host.pages.current() : host.pages.find(params.pageId)
}

export function pageInfo(entry: PageEntry): Record<string, unknown> {
  return { pageId: entry.pageId, path: entry.route, query: entry.query }
}

/** `{elementId, tagName}` as the client expects; a custom component also gets a nodeId. */
export function describeNode(
  host: AutomatorHost,
  node: FrameworkNode,
  pageId: number,
): Record<string, unknown> {
  const elementId = host.elements.idOf(node, pageId)
  const description: Record<string, unknown> = { elementId, tagName: tagNameOf(node) }
  if (host.isCustomComponent(node)) description.nodeId = elementId
  return description
}

/** Where a selector starts below a node: inside a custom component's own tree, or below the node. */
export function scopeOf(host: AutomatorHost, node: FrameworkNode): FrameworkNode {
  const shadow = shadowRootOf(node)
  return host.isCustomComponent(node) && shadow ? shadow : node
}

export function elementOf(
  host: AutomatorHost,
  params: Params,
): { node: FrameworkNode; pageId: number; instance: Instance | undefined } {
  const found = host.elements.get(params.elementId)
  return { ...found, instance: instanceOf(found.node) }
}

/** A function the client sent as source (evaluate, mockWxMethod), run in the mini-program's scope. */
export function evaluate(
  host: AutomatorHost,
  declaration: unknown,
): (...args: unknown[]) => unknown {
  if (typeof declaration !== 'string')
    throw new ProtocolError('functionDeclaration should be a string')
  const factory = vm.runInThisContext(
    `(function (wx, getApp, getCurrentPages, console) { return (${declaration}\n) })`,
  ) as (...args: unknown[]) => unknown
  const fn = factory(
    host.wx.proxy,
    () => host.app,
    () => host.pages.instances(),
    host.console,
  )
  if (typeof fn !== 'function') throw new ProtocolError('functionDeclaration is not a function')
  return fn as (...args: unknown[]) => unknown
}
