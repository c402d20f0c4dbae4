// The nodes the automator and the live viewer talk about, by element id (`e12`): stable for a node's life, and
// forgotten when its page closes or a re-render removes it.
import { isAttached, type FrameworkNode } from '../framework'

export interface KnownElement {
  node: FrameworkNode
  pageId: number
}

export class Elements {
  private nextId = 1
  private readonly ids = new WeakMap<object, string>()
  private readonly known = new Map<string, KnownElement>()

  idOf(node: FrameworkNode, pageId: number): string {
    let id = this.ids.get(node)
    if (!id) {
      id = `e${this.nextId++}`
      this.ids.set(node, id)
    }
    this.known.set(id, { node, pageId })
    return id
  }

  get(elementId: unknown): KnownElement {
    const element = this.known.get(String(elementId))
    if (!element) throw new Error(`element ${String(elementId)} no longer exists`)
    return element
  }

  /** The page a node was last seen on. */
  pageIdOf(node: FrameworkNode): number | undefined {
    for (const element of this.known.values()) if (element.node === node) return element.pageId
    return undefined
  }

  entries(): IterableIterator<[string, KnownElement]> {
    return this.known.entries()
  }

  /** Forgets nodes a re-render removed, so long sessions do not keep every node they ever drew. */
  pruneDetached(pageId: number): void {
    for (const [id, element] of this.known)
      if (element.pageId === pageId && !isAttached(element.node)) this.known.delete(id)
  }

  forgetPage(pageId: number): void {
    for (const [id, element] of this.known) if (element.pageId === pageId) this.known.delete(id)
  }
}
