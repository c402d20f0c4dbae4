// The one door to WeChat's component framework (miniprogram-exparser, driven through j-component): typed
// functions for everything the host does with it, and the patches that make j-component behave as WeChat does.
// The only file allowed `any`: the framework is untyped JavaScript.
import { createRequire } from 'node:module'
import { isDeepStrictEqual } from 'node:util'
import './env'
import { installWxsResponses, runWxsObservers, wxsStyleOf, type WxsNode } from './framework-wxs'

const requireHere = createRequire(__filename)
const jComponent = requireHere('j-component') as {
  register(definition: Record<string, any>): string
  behavior(definition: Record<string, any>): string
  create(id: string, properties?: Record<string, unknown>): any
}
const exparser = requireHere('miniprogram-exparser') as any
const jRender = requireHere('j-component/src/render/render') as {
  updateAttrs(node: any, attrs: VtAttribute[]): void
  renderExparserNode(vt: any, shadowRootHost: unknown, shadowRoot: unknown): any
}
const jDiff = requireHere('j-component/src/render/diff') as {
  diffVt(oldVt: unknown, newVt: unknown): void
}
const jUtils = requireHere('j-component/src/tool/utils') as {
  parseEvent(name: string, value: unknown): { handler: unknown } | undefined
}

/** A node of the component tree (exparser element, component, virtual or text node). Opaque outside this door. */
export type FrameworkNode = { readonly __frameworkNode: unique symbol } & object

/** `this` inside a component or page: the method caller j-component gives every instance. */
export type Instance = Record<string, any>

/** What the mini-program passes to Page(), Component(), Behavior() or App(): plain, untyped objects. */
export type Definition = Record<string, any>

interface VtAttribute {
  name: string
  value: unknown
}

// ------------------------------------------------------------------ patches (applied once, when loaded)

/**
 * j-component writes a deep copy of every changed value back into the instance's data after each update, so
 * `this.data.x === x` is false after `setData({x})`. exparser has already stored the reference itself (as the
 * base library does), and its property observers fire when the new value !== the old one: with the copy, an
 * observer that hands its argument back to setData fires again, forever. The template update is kept, the
 * write-back dropped.
 */
function keepAssignedReferences(): void {
  const probeId = jComponent.register({ template: '<span></span>' })
  const probe = jComponent.create(probeId)
  const instancePrototype = Object.getPrototypeOf(probe._exparserNode.__templateInstance)
  instancePrototype.updateValues = function updateValues(this: any, _node: unknown, data: unknown) {
    const newVt = this._generateFunc({ data })
    jDiff.diffVt(this._vt, newVt)
    this._vt = newVt
  }
}

/**
 * j-component's diff hands a node every attribute again when any one changed, so a parent's setData assigns
 * every property of a child and the child's observers fire for keys it does not bind. WeChat updates only the
 * bindings whose data changed: pass on the changed (and removed) attributes only. wcc builds object values
 * afresh on every render, so objects are compared by content; and with a copy of each value taken when it was
 * rendered, because the child holds the very object the parent's last render made: a child that changes its
 * property in place (WeUI's dialog adds class names to its `buttons`) must not make the parent's unchanged
 * binding look changed. In WeChat the child's copy came through the view layer as JSON.
 */
function assignOnlyChangedAttributes(): void {
  const rendered = new WeakMap<object, Map<string, unknown>>()
  const remember = (node: any, attrs: VtAttribute[]) => {
    const values = rendered.get(node) ?? new Map<string, unknown>()
    for (const attr of attrs) values.set(attr.name, copyOfRendered(attr.value))
    rendered.set(node, values)
  }
  const rememberTree = (vt: any) => {
    if (vt?.exparserNode && Array.isArray(vt.attrs)) {
      remember(vt.exparserNode, vt.attrs)
      // WXS change observers run once when the node is first rendered, after the tree is built.
      const node = vt.exparserNode
      const attrs: VtAttribute[] = vt.attrs
      if (attrs.some((attr) => attr.name.startsWith('$wxs:change:')))
        queueMicrotask(() => observeWxs(node, attrs, attrs, new Map()))
    }
    for (const child of vt?.children ?? []) rememberTree(child)
  }
  const renderExparserNode = jRender.renderExparserNode
  jRender.renderExparserNode = (vt: any, shadowRootHost: unknown, shadowRoot: unknown) => {
    const node = renderExparserNode(vt, shadowRootHost, shadowRoot)
    rememberTree(vt)
    return node
  }
  const updateAttrs = jRender.updateAttrs
  jRender.updateAttrs = (node: any, attrs: VtAttribute[]) => {
    const previous: VtAttribute[] | undefined = node?._vt?.attrs
    if (!previous) {
      remember(node, attrs)
      return updateAttrs(node, attrs)
    }
    const before = new Map(
      rendered.get(node) ?? previous.map((attr) => [attr.name, attr.value] as const),
    )
    const changed = attrs.filter(
      // A removed attribute is the old attribute object itself, its value cleared by the diff.
      (attr) =>
        previous.includes(attr) ||
        !before.has(attr.name) ||
        !isDeepStrictEqual(before.get(attr.name), attr.value),
    )
    remember(node, attrs)
    if (changed.length > 0) updateAttrs(node, changed)
    observeWxs(
      node,
      attrs,
      changed.filter((attr) => !previous.includes(attr)),
      before,
    )
  }
}

/** A rendered attribute value as it was: arrays and plain objects copied, functions and the rest kept. */
function copyOfRendered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOfRendered)
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, copyOfRendered(inner)]),
    )
  return value
}

/** Runs a node's WXS observers of the attributes given (`$wxs:change:<name>` next to them). */
function observeWxs(
  node: any,
  attrs: VtAttribute[],
  changed: VtAttribute[],
  before: Map<string, unknown>,
): void {
  runWxsObservers(node, attrs, changed, before, (observer, args) =>
    // Errors go where exparser reports a component's (the host's reporter listens there).
    exparser.safeCallback('WXS Observer', observer, null, args),
  )
}

keepAssignedReferences()
assignOnlyChangedAttributes()
installWxsResponses(exparser, jUtils)

// ------------------------------------------------------------------ definitions

export function registerComponent(definition: Record<string, unknown>): string {
  return jComponent.register(definition)
}

export function registerBehavior(definition: Record<string, unknown>): string {
  return jComponent.behavior({ ...definition })
}

/** A page or component tree, created detached. */
export interface CreatedTree {
  root: FrameworkNode
  instance: Instance
  attach(container: HTMLElement): void
  detach(): void
  triggerPageLifetime(name: 'show' | 'hide'): void
}

export function createTree(id: string, properties: Record<string, unknown>): CreatedTree {
  const created = jComponent.create(id, properties)
  if (!created) throw new Error(`component ${id} is not registered`)
  return {
    root: created._exparserNode,
    instance: created.instance,
    attach: (container) => created.attach(container),
    detach: () => created.detach(),
    triggerPageLifetime: (name) => created.triggerPageLifeTime(name),
  }
}

export function onFrameworkError(
  listener: (error: unknown, context: string | undefined) => void,
): void {
  exparser.addGlobalErrorListener((error: unknown, info: { message?: string } | undefined) => {
    listener(error, info?.message)
    return false
  })
}

// ------------------------------------------------------------------ nodes

const anyNode = (node: FrameworkNode | undefined): any => node

export function instanceOf(node: FrameworkNode | undefined): Instance | undefined {
  return anyNode(node)?.__methodCaller
}

export function nodeOf(instance: Instance): FrameworkNode {
  return instance._exparserNode
}

/** The component id (file path for the app's own, the bare tag for built-ins) a node was created from. */
export function componentIdOf(node: FrameworkNode | undefined): string {
  return String(anyNode(node)?._vt?.componentId ?? '')
}

/** The page route or component path a component instance was defined by (pages included). */
export function definitionIdOf(node: FrameworkNode | undefined): string {
  const current = anyNode(node)
  return String(current?._vt?.componentId ?? current?.is ?? '')
}

export function tagNameOf(node: FrameworkNode | undefined): string {
  return String(anyNode(node)?._vt?.tagName ?? '')
}

/** Whether a node was made from a template (not a shadow root or a bare DOM helper). */
export function fromTemplate(node: FrameworkNode): boolean {
  return Boolean(anyNode(node)._vt)
}

export function isTextNode(node: FrameworkNode): boolean {
  const vt = anyNode(node)._vt
  return !vt || vt.type === 18
}

export function isSlotNode(node: FrameworkNode): boolean {
  return anyNode(node)._vt?.type === 11
}

export function isVirtualNode(node: FrameworkNode | undefined): boolean {
  return Boolean(anyNode(node)?.__virtual)
}

export function isAttached(node: FrameworkNode): boolean {
  return anyNode(node).__attached !== false
}

export function idOf(node: FrameworkNode): string {
  return String(anyNode(node).id ?? '')
}

export function datasetOf(node: FrameworkNode): Record<string, unknown> {
  return { ...(anyNode(node).dataset ?? {}) }
}

/** The style WXS gave a node with `setStyle` ('' when none): drawn after the template's own. */
export function scriptedStyleOf(node: FrameworkNode): string {
  return wxsStyleOf(anyNode(node) as WxsNode)
}

export function textOf(node: FrameworkNode): string {
  return String(anyNode(node).textContent ?? '')
}

export function attributesOf(node: FrameworkNode): { name: string; value: unknown }[] {
  return anyNode(node)._vt?.attrs ?? []
}

export function childrenOf(node: FrameworkNode): FrameworkNode[] {
  return anyNode(node).childNodes ?? []
}

export function shadowRootOf(node: FrameworkNode): FrameworkNode | undefined {
  return anyNode(node).shadowRoot ?? undefined
}

export function slotChildrenOf(node: FrameworkNode): FrameworkNode[] {
  return anyNode(node).__wxSlotChildren ?? []
}

/** The parent in the composed tree: through virtual wx:if / wx:for nodes and out of slots. */
export function composedParentOf(node: FrameworkNode): FrameworkNode | undefined {
  const current = anyNode(node)
  return current.parentNode ?? current.__wxSlotParent ?? undefined
}

/** The component whose template contains this node (its owner), if any. */
export function ownerOf(node: FrameworkNode): FrameworkNode | undefined {
  return anyNode(node)?.ownerShadowRoot?.getHostNode?.() ?? undefined
}

/** Public property names of a component (what the automator's `__propPublic` answers). */
export function publicPropertiesOf(node: FrameworkNode): string[] {
  return Object.entries(anyNode(node).__propPublic ?? {})
    .filter(([, visible]) => visible === true)
    .map(([key]) => key)
}

export function propertyOf(node: FrameworkNode, name: string): unknown {
  return anyNode(node)[name]
}

/** The DOM element jsdom holds for a node (for text and HTML reads). */
export function domOf(node: FrameworkNode): HTMLElement | undefined {
  return anyNode(node).$$ ?? undefined
}

/** The framework node a DOM element was rendered from. */
export function nodeOfDom(element: Element): FrameworkNode | undefined {
  return (element as any).__wxElement ?? undefined
}

export function querySelectorIn(scope: FrameworkNode, selector: string): FrameworkNode | null {
  return anyNode(scope).querySelector(selector) ?? null
}

export function triggerLifetime(node: FrameworkNode, name: string): void {
  anyNode(node).triggerLifeTime(name, [])
}

export function addListener(
  node: FrameworkNode,
  type: string,
  listener: (event: unknown) => void,
): void {
  anyNode(node).addListener(type, listener)
}

// ------------------------------------------------------------------ events

export interface DispatchOptions {
  bubbles?: boolean
  touches?: unknown[]
  changedTouches?: unknown[]
}

export function dispatch(
  node: FrameworkNode,
  type: string,
  detail: unknown,
  options: DispatchOptions = {},
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

// ------------------------------------------------------------------ bindings

function vtPath(root: any, target: any): number[] | undefined {
  if (root === target) return []
  const children: any[] = root?.children ?? []
  for (let index = 0; index < children.length; index++) {
    const found = vtPath(children[index], target)
    if (found) return [index, ...found]
  }
  return undefined
}

/**
 * Whether `attribute` of `target` (a node in `owner`'s template) is bound to the top-level data key `key`:
 * the owner's template is rendered once more with that key flipped and the attribute compared. WeChat updates a
 * binding whenever its data path is set, even to the same value; j-component compares values, so for the few
 * attributes where that difference matters (a scroll-view's refresher-triggered) the host asks this.
 */
export function bindsTo(
  owner: FrameworkNode,
  target: FrameworkNode,
  attribute: string,
  key: string,
): boolean {
  const template = anyNode(owner).__templateInstance
  const data = anyNode(owner).__methodCaller?.data
  if (!template?._generateFunc || !data || !(key in data)) return false
  const path = vtPath(template._vt, anyNode(target)._vt)
  if (!path) return false
  const read = (vt: any): unknown => {
    let current = vt
    for (const index of path) current = current?.children?.[index]
    return current?.attrs?.find((attr: VtAttribute) => attr.name === attribute)?.value
  }
  const flipped = template._generateFunc({ data: { ...data, [key]: !data[key] } })
  return read(flipped) !== read(template._vt)
}
