// The official wcc output, exparser and j-component expect a browser-like global scope. jsdom provides it;
// this module must be imported before any of them is required.
import { JSDOM } from 'jsdom'

type TouchInit = {
  identifier?: number
  target?: unknown
  clientX?: number
  clientY?: number
  pageX?: number
  pageY?: number
}

const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  pretendToBeVisual: false,
})
const win = dom.window as unknown as Window &
  typeof globalThis & { __webview_engine_version__?: number }

// wcc returns a flattened tree (without the virtual wx:if / wx:for nodes j-component diffs with) unless the
// webview engine version says otherwise.
win.__webview_engine_version__ = 0.02

// jsdom has no Touch / TouchEvent: j-component's touch handling needs both.
class HostTouch {
  identifier: number
  target: unknown
  clientX: number
  clientY: number
  pageX: number
  pageY: number
  constructor(init: TouchInit) {
    this.identifier = init.identifier ?? 0
    this.target = init.target
    this.clientX = init.clientX ?? 0
    this.clientY = init.clientY ?? 0
    this.pageX = init.pageX ?? this.clientX
    this.pageY = init.pageY ?? this.clientY
  }
}

type TouchEventInit = EventInit & {
  touches?: HostTouch[]
  targetTouches?: HostTouch[]
  changedTouches?: HostTouch[]
}

class HostTouchEvent extends win.UIEvent {
  touches: HostTouch[]
  targetTouches: HostTouch[]
  changedTouches: HostTouch[]
  constructor(type: string, init: TouchEventInit = {}) {
    super(type, init)
    this.touches = init.touches ?? []
    this.targetTouches = init.targetTouches ?? []
    this.changedTouches = init.changedTouches ?? []
  }
}

const globals = globalThis as unknown as Record<string, unknown>
Object.assign(win, { Touch: HostTouch, TouchEvent: HostTouchEvent })
globals.window = win
globals.document = win.document
// Node >= 19 has its own Event classes, which jsdom's dispatchEvent rejects.
globals.Event = win.Event
globals.CustomEvent = win.CustomEvent
globals.Touch = HostTouch
globals.TouchEvent = HostTouchEvent
globals.HTMLElement = win.HTMLElement
globals.Node = win.Node

export const hostWindow: Window = win
export const hostDocument: Document = win.document
