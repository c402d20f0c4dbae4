// Queries over the component tree the automator client addresses: CSS-like selectors (tag, #id, .class,
// [attr], descendant, >, >>>, commas), XPath over a WXML-shaped copy of the tree, and WXML serialization.
import { hostDocument } from '../env'
import {
  attributesOf,
  childrenOf,
  idOf,
  isSlotNode,
  isTextNode,
  isVirtualNode,
  shadowRootOf,
  slotChildrenOf,
  tagNameOf,
  textOf,
  type FrameworkNode,
} from '../framework'

type Node = FrameworkNode
export type IsCustom = (node: Node) => boolean

/** wcc hands `aria-label` over as `ariaLabel`: the WXML name of an attribute as written. */
export function wxmlAttributeName(name: string): string {
  return /^aria[A-Z]/.test(name) ? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : name
}

export function attributeOf(node: Node, name: string): string | undefined {
  if (name === 'id') return idOf(node) || undefined
  const found = attributesOf(node).find((attr) => wxmlAttributeName(attr.name) === name)
  if (found) return found.value === undefined || found.value === null ? '' : String(found.value)
  return undefined
}

export function classesOf(node: Node): string[] {
  return (attributeOf(node, 'class') ?? '').split(/\s+/).filter(Boolean)
}

interface Compound {
  tag?: string
  ids: string[]
  classes: string[]
  attributes: { name: string; operator?: string; value?: string }[]
}

interface Step {
  combinator: ' ' | '>' | '>>>'
  compound: Compound
}

export function parseSelector(selector: string): Step[][] {
  if (typeof selector !== 'string' || selector.trim() === '')
    throw new Error('selector should be a non-empty string')
  return selector.split(',').map((group) => {
    const tokens = group.trim().match(/>>>|>|[^\s>]+(?:\[[^\]]*\])*/g)
    if (!tokens) throw new Error(`invalid selector "${selector}"`)
    const steps: Step[] = []
    let combinator: Step['combinator'] = ' '
    for (const token of tokens) {
      if (token === '>' || token === '>>>') {
        combinator = token
        continue
      }
      steps.push({ combinator, compound: parseCompound(token, selector) })
      combinator = ' '
    }
    return steps
  })
}

function parseCompound(token: string, selector: string): Compound {
  const compound: Compound = { ids: [], classes: [], attributes: [] }
  const pattern =
    /^([A-Za-z][\w-]*|\*)|#([\w-]+)|\.([\w-]+)|\[\s*([\w-]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*)))?\s*\]/y
  let index = 0
  while (index < token.length) {
    pattern.lastIndex = index
    const match = pattern.exec(token)
    if (!match || match[0] === '') throw new Error(`unsupported selector "${selector}"`)
    if (match[1] && index === 0) compound.tag = match[1] === '*' ? undefined : match[1]
    else if (match[2]) compound.ids.push(match[2])
    else if (match[3]) compound.classes.push(match[3])
    else if (match[4])
      compound.attributes.push({
        name: match[4],
        operator: match[5],
        value: match[6] ?? match[7] ?? match[8],
      })
    else throw new Error(`unsupported selector "${selector}"`)
    index = pattern.lastIndex
  }
  return compound
}

function matchesCompound(node: Node, compound: Compound): boolean {
  if (compound.tag && tagNameOf(node) !== compound.tag) return false
  for (const id of compound.ids) if (idOf(node) !== id) return false
  if (compound.classes.length) {
    const classes = classesOf(node)
    for (const name of compound.classes) if (!classes.includes(name)) return false
  }
  for (const { name, operator, value } of compound.attributes) {
    const actual = attributeOf(node, name)
    if (actual === undefined) return false
    if (!operator || value === undefined) continue
    if (operator === '=' && actual !== value) return false
    if (operator === '~=' && !actual.split(/\s+/).includes(value)) return false
    if (operator === '^=' && !actual.startsWith(value)) return false
    if (operator === '$=' && !actual.endsWith(value)) return false
    if (operator === '*=' && !actual.includes(value)) return false
    if (operator === '|=' && actual !== value && !actual.startsWith(`${value}-`)) return false
  }
  return true
}

interface Visited {
  node: Node
  parent: Visited | undefined
  pierced: boolean
}

/**
 * Elements below `scope` (a shadow root or an element) in document order. Custom components' own trees are
 * entered only when `pierce` is set; their slotted children belong to the scope and are always visited.
 */
function walk(scope: Node, pierce: boolean, isCustom: IsCustom): Visited[] {
  const result: Visited[] = []
  const visit = (node: Node, parent: Visited | undefined, pierced: boolean): void => {
    for (const child of childrenOf(node)) {
      if (isTextNode(child)) continue
      if (isVirtualNode(child)) {
        visit(child, parent, pierced)
        // A virtualHost component has no element of its own, but its tree is there to pierce into.
        const virtualShadow = shadowRootOf(child)
        if (pierce && isCustom(child) && virtualShadow) visit(virtualShadow, parent, true)
        continue
      }
      const entry: Visited = { node: child, parent, pierced }
      result.push(entry)
      visit(child, entry, pierced)
      const shadow = shadowRootOf(child)
      if (pierce && isCustom(child) && shadow) visit(shadow, entry, true)
    }
  }
  visit(scope, undefined, false)
  return result
}

/** WXML element nodes of a page, inside custom components too (what WeChat counts against its node budget). */
export function countElements(scope: Node, isCustom: IsCustom): number {
  return walk(scope, true, isCustom).length
}

export function querySelectorAll(scope: Node, selector: string, isCustom: IsCustom): Node[] {
  const groups = parseSelector(selector)
  const pierce = groups.some((steps) => steps.some((step) => step.combinator === '>>>'))
  const visited = walk(scope, pierce, isCustom)
  const matches = new Set<Node>()
  for (const entry of visited) {
    for (const steps of groups) {
      if (matchesSteps(entry, steps, steps.length - 1)) {
        matches.add(entry.node)
        break
      }
    }
  }
  return visited.map((entry) => entry.node).filter((node) => matches.has(node))
}

function matchesSteps(entry: Visited, steps: Step[], index: number): boolean {
  const step = steps[index]
  if (!step || !matchesCompound(entry.node, step.compound)) return false
  if (index === 0) return true
  if (step.combinator === '>')
    return entry.parent !== undefined && matchesSteps(entry.parent, steps, index - 1)
  let ancestor = entry.parent
  while (ancestor) {
    if (matchesSteps(ancestor, steps, index - 1)) return true
    ancestor = ancestor.parent
  }
  return false
}

// ------------------------------------------------------------------ WXML

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;')
}

function attributesWxml(node: Node): string {
  let out = ''
  const id = idOf(node)
  if (id) out += ` id="${escapeAttribute(id)}"`
  for (const name of ['class', 'style']) {
    const value = attributeOf(node, name)
    if (value) out += ` ${name}="${escapeAttribute(value)}"`
  }
  return out
}

/** Children in rendering order: a custom component's own tree, a slot's assigned nodes, or the node's children. */
function renderedChildren(node: Node, isCustom: IsCustom): Node[] {
  const shadow = shadowRootOf(node)
  if (isCustom(node) && shadow) return childrenOf(shadow)
  if (isSlotNode(node)) return slotChildrenOf(node)
  return childrenOf(node)
}

export function innerWxml(node: Node, isCustom: IsCustom): string {
  return renderedChildren(node, isCustom)
    .map((child) => outerWxml(child, isCustom))
    .join('')
}

export function outerWxml(node: Node, isCustom: IsCustom): string {
  if (isTextNode(node)) return escapeText(textOf(node))
  if (isVirtualNode(node)) return innerWxml(node, isCustom)
  const tag = tagNameOf(node)
  return `<${tag}${attributesWxml(node)}>${innerWxml(node, isCustom)}</${tag}>`
}

// ------------------------------------------------------------------ XPath

/** Evaluates XPath over a WXML-shaped XML copy of the page (root element `page`). */
export function evaluateXpath(scope: Node, expression: string, isCustom: IsCustom): Node[] {
  const xml = hostDocument.implementation.createDocument(null, 'page', null)
  const origin = new Map<unknown, Node>()
  const copy = (node: Node, into: Element): void => {
    for (const child of renderedChildren(node, isCustom)) {
      if (isTextNode(child)) {
        into.appendChild(xml.createTextNode(textOf(child)))
        continue
      }
      if (isVirtualNode(child)) {
        copy(child, into)
        continue
      }
      const element = xml.createElement(tagNameOf(child) || 'node')
      const id = idOf(child)
      if (id) element.setAttribute('id', id)
      for (const attr of attributesOf(child)) {
        if (typeof attr.value === 'object' || !/^[A-Za-z_][\w.-]*$/.test(attr.name)) continue
        element.setAttribute(wxmlAttributeName(attr.name), String(attr.value ?? ''))
      }
      origin.set(element, child)
      into.appendChild(element)
      copy(child, element)
    }
  }
  const rootElement = xml.documentElement
  if (!rootElement) return []
  copy(scope, rootElement)
  const XPathResultType = (
    hostDocument.defaultView as unknown as { XPathResult: { ORDERED_NODE_SNAPSHOT_TYPE: number } }
  ).XPathResult
  const result = xml.evaluate(
    expression,
    xml,
    null,
    XPathResultType.ORDERED_NODE_SNAPSHOT_TYPE,
    null,
  )
  const nodes: Node[] = []
  for (let index = 0; index < result.snapshotLength; index++) {
    const found = origin.get(result.snapshotItem(index))
    if (found) nodes.push(found)
  }
  return nodes
}
