// wx.createSelectorQuery / this.createSelectorQuery: ids, datasets and properties from the component tree,
// sizes and positions from Chromium's layout of the page (jsdom has none).
import type { LayoutBox } from '../core/layout'
import { querySelectorAll, type IsCustom } from '../core/tree'
import {
  datasetOf,
  idOf,
  instanceOf,
  publicPropertiesOf,
  shadowRootOf,
  type FrameworkNode,
  type Instance,
} from '../framework'

export interface SelectorQueryHost {
  isCustomComponent: IsCustom
  boxes(nodes: FrameworkNode[], styleNames: string[]): Promise<(LayoutBox | undefined)[]>
  /** The current page's own scroll offset. */
  pageScrollTop(): number
  windowHeight(): number
  trackAsync<T>(work: Promise<T>): Promise<T>
  callSafely(fn: unknown, ...args: unknown[]): void
  report(error: unknown, context: string): void
}

export interface NodeFields {
  id?: boolean
  dataset?: boolean
  rect?: boolean
  size?: boolean
  scrollOffset?: boolean
  properties?: string[]
  computedStyle?: string[]
}

interface Request {
  selector: string
  single: boolean
  viewport: boolean
  fields: NodeFields
  callback: ((result: unknown) => void) | undefined
}

class NodesRef {
  constructor(
    private readonly query: HostSelectorQuery,
    private readonly selector: string,
    private readonly single: boolean,
    private readonly viewport: boolean,
  ) {}

  boundingClientRect(callback?: (result: unknown) => void): HostSelectorQuery {
    return this.fields({ id: true, dataset: true, rect: true, size: true }, callback)
  }

  scrollOffset(callback?: (result: unknown) => void): HostSelectorQuery {
    return this.fields({ id: true, dataset: true, scrollOffset: true }, callback)
  }

  fields(fields: NodeFields, callback?: (result: unknown) => void): HostSelectorQuery {
    return this.query.push({
      selector: this.selector,
      single: this.single,
      viewport: this.viewport,
      fields,
      callback,
    })
  }
}

export class HostSelectorQuery {
  private readonly requests: Request[] = []

  constructor(
    private readonly host: SelectorQueryHost,
    private scope: FrameworkNode,
  ) {}

  in(component: Instance | undefined): this {
    if (!component?._exparserNode)
      throw new Error('SelectorQuery.in() needs a component instance (this)')
    this.scope = component._exparserNode
    return this
  }

  select(selector: string): NodesRef {
    return new NodesRef(this, selector, true, false)
  }

  selectAll(selector: string): NodesRef {
    return new NodesRef(this, selector, false, false)
  }

  selectViewport(): NodesRef {
    return new NodesRef(this, '', true, true)
  }

  push(request: Request): this {
    this.requests.push(request)
    return this
  }

  exec(callback?: (results: unknown[]) => void): void {
    const requests = this.requests.splice(0)
    this.host
      .trackAsync(this.run(requests))
      .then((results) => {
        requests.forEach((request, index) => this.host.callSafely(request.callback, results[index]))
        this.host.callSafely(callback, results)
      })
      .catch((error: unknown) => this.host.report(error, 'SelectorQuery.exec'))
  }

  private async run(requests: Request[]): Promise<unknown[]> {
    const matches = requests.map((request) =>
      request.viewport
        ? []
        : querySelectorAll(
            shadowRootOf(this.scope) ?? this.scope,
            request.selector,
            this.host.isCustomComponent,
          ),
    )
    const needsLayout = requests.some(
      (request) =>
        request.fields.rect || request.fields.size || request.fields.computedStyle?.length,
    )
    const nodes = matches.flat()
    const boxes =
      needsLayout && nodes.length ? await this.host.boxes(nodes, this.collectStyles(requests)) : []
    const boxOf = new Map(nodes.map((node, index) => [node, boxes[index]]))
    return requests.map((request, index) => {
      if (request.viewport) {
        const result: Record<string, unknown> = {}
        if (request.fields.id) result.id = ''
        if (request.fields.dataset) result.dataset = {}
        if (request.fields.rect)
          Object.assign(result, {
            left: 0,
            top: 0,
            right: 375,
            bottom: this.host.windowHeight(),
          })
        if (request.fields.size)
          Object.assign(result, { width: 375, height: this.host.windowHeight() })
        if (request.fields.scrollOffset)
          Object.assign(result, { scrollLeft: 0, scrollTop: this.host.pageScrollTop() })
        return result
      }
      const found = (matches[index] ?? []).map((node) =>
        this.describe(node, request.fields, boxOf.get(node)),
      )
      return request.single ? (found[0] ?? null) : found
    })
  }

  private collectStyles(requests: Request[]): string[] {
    return [...new Set(requests.flatMap((request) => request.fields.computedStyle ?? []))]
  }

  private describe(
    node: FrameworkNode,
    fields: NodeFields,
    box: LayoutBox | undefined,
  ): Record<string, unknown> {
    const result: Record<string, unknown> = {}
    const data = instanceOf(node)?.data ?? {}
    if (fields.id) result.id = idOf(node)
    if (fields.dataset) result.dataset = datasetOf(node)
    if (fields.rect) {
      Object.assign(result, {
        left: box?.left ?? 0,
        top: box?.top ?? 0,
        right: (box?.left ?? 0) + (box?.width ?? 0),
        bottom: (box?.top ?? 0) + (box?.height ?? 0),
      })
    }
    if (fields.size) Object.assign(result, { width: box?.width ?? 0, height: box?.height ?? 0 })
    if (fields.scrollOffset) {
      Object.assign(result, {
        scrollLeft: data.hostScrollLeft ?? 0,
        scrollTop: data.hostScrollTop ?? 0,
      })
    }
    const publicProperties = publicPropertiesOf(node)
    for (const name of fields.properties ?? []) {
      const key = name.replace(/-([a-z])/g, (_all, letter: string) => letter.toUpperCase())
      if (publicProperties.includes(key)) result[key] = data[key]
    }
    for (const name of fields.computedStyle ?? []) result[name] = box?.styles?.[name] ?? ''
    return result
  }
}
