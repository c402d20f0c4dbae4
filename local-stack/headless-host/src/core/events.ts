// The host's own events (a typed emitter) and the event channel between an opener and the page it opened.

type Listener<Args extends unknown[]> = (...args: Args) => void

/** A small typed event emitter: `EventMap` maps each event name to its argument list. */
export class TypedEvents<EventMap extends { [name: string]: unknown[] }> {
  // Each set holds listeners of its own event's arguments; the map cannot say so per key.
  private readonly listeners = new Map<keyof EventMap, Set<unknown>>()

  on<Name extends keyof EventMap>(name: Name, listener: Listener<EventMap[Name]>): void {
    const set = this.listeners.get(name) ?? new Set()
    set.add(listener)
    this.listeners.set(name, set)
  }

  off<Name extends keyof EventMap>(name: Name, listener: Listener<EventMap[Name]>): void {
    this.listeners.get(name)?.delete(listener)
  }

  emit<Name extends keyof EventMap>(name: Name, ...args: EventMap[Name]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])])
      (listener as Listener<EventMap[Name]>)(...args)
  }
}

/** Both ends of a navigateTo's event channel share listeners keyed by side. */
export class EventChannel {
  private readonly listeners = new Map<
    string,
    { fn: (...args: unknown[]) => void; once: boolean }[]
  >()
  private peer: EventChannel | undefined
  private readonly pending: [string, unknown[]][] = []

  static pair(): [EventChannel, EventChannel] {
    const opener = new EventChannel()
    const opened = new EventChannel()
    opener.peer = opened
    opened.peer = opener
    return [opener, opened]
  }

  on(name: string, fn: (...args: unknown[]) => void): void {
    this.add(name, fn, false)
  }

  once(name: string, fn: (...args: unknown[]) => void): void {
    this.add(name, fn, true)
  }

  off(name: string, fn?: (...args: unknown[]) => void): void {
    if (!fn) this.listeners.delete(name)
    else
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((entry) => entry.fn !== fn),
      )
  }

  emit(name: string, ...args: unknown[]): void {
    this.peer?.receive(name, args)
  }

  private add(name: string, fn: (...args: unknown[]) => void, once: boolean): void {
    const list = this.listeners.get(name) ?? []
    list.push({ fn, once })
    this.listeners.set(name, list)
    this.flush(name)
  }

  private receive(name: string, args: unknown[]): void {
    const list = this.listeners.get(name)
    // Events sent before the other side listens are kept, as the base library does for the opened page.
    if (!list || list.length === 0) {
      this.pending.push([name, args])
      return
    }
    for (const entry of [...list]) {
      if (entry.once) this.off(name, entry.fn)
      entry.fn(...args)
    }
  }

  private flush(name: string): void {
    const waiting = this.pending.filter(([pendingName]) => pendingName === name)
    if (waiting.length === 0) return
    for (const item of waiting) this.pending.splice(this.pending.indexOf(item), 1)
    for (const [, args] of waiting) this.receive(name, args)
  }
}
