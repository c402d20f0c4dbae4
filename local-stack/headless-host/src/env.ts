/* eslint-disable @typescript-eslint/no-explicit-any */
// The official wcc output, exparser and j-component expect a browser-like global scope. jsdom provides it;
// this module must be imported before any of them is required.
import { JSDOM } from 'jsdom'

const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  pretendToBeVisual: false,
})
const win = dom.window as any

// wcc returns a flattened tree (without the virtual wx:if / wx:for nodes j-component diffs with) unless the
// webview engine version says otherwise.
win.__webview_engine_version__ = 0.02

class HostTouch {
  identifier: number
  target: unknown
  clientX: number
  clientY: number
  pageX: number
  pageY: number
  constructor(init: Record<string, any>) {
    this.identifier = init.identifier ?? 0
    this.target = init.target
    this.clientX = init.clientX ?? 0
    this.clientY = init.clientY ?? 0
    this.pageX = init.pageX ?? this.clientX
    this.pageY = init.pageY ?? this.clientY
  }
}

class HostTouchEvent extends win.UIEvent {
  touches: HostTouch[]
  targetTouches: HostTouch[]
  changedTouches: HostTouch[]
  constructor(type: string, init: Record<string, any> = {}) {
    super(type, init)
    this.touches = init.touches ?? []
    this.targetTouches = init.targetTouches ?? []
    this.changedTouches = init.changedTouches ?? []
  }
}

win.Touch = HostTouch
win.TouchEvent = HostTouchEvent

const g = globalThis as any
g.window = win
g.document = win.document
// Node >= 19 has its own Event classes, which jsdom's dispatchEvent rejects.
g.Event = win.Event
g.CustomEvent = win.CustomEvent
g.Touch = HostTouch
g.TouchEvent = HostTouchEvent
g.HTMLElement = win.HTMLElement
g.Node = win.Node

export const hostWindow = win
export const hostDocument = win.document as Document
