// A finger on the screen: touchstart / touchmove / touchend / touchcancel carrying touches with client and
// page coordinates, and what WeChat makes of them: longpress (and longtap) after 350 ms held in place, a tap
// on release when the finger neither moved away nor long-pressed. Shared by the automator's Element.touch*
// methods and the live viewer's Host.touch* methods; the events go to the node the finger first touched.
import { dispatch, type FrameworkNode } from '../framework'

export const LONGPRESS_MS = 350
/** How far a finger may drift (px) and still tap or long-press (WeChat's exact tolerance is not documented). */
export const TAP_SLOP = 10

export interface WxTouch {
  identifier: number
  pageX: number
  pageY: number
  clientX: number
  clientY: number
  force: number
}

/** Fills in a touch as WeChat reports it: client and page coordinates differ by the page's scroll offset. */
export function normalizeTouch(raw: unknown, scrollTop: number): WxTouch {
  const touch = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const number = (value: unknown): number | undefined =>
    typeof value === 'number' && Number.isFinite(value) ? value : undefined
  const clientX = number(touch.clientX) ?? number(touch.pageX) ?? 0
  const clientY = number(touch.clientY) ?? (number(touch.pageY) ?? scrollTop) - scrollTop
  return {
    identifier: number(touch.identifier) ?? 0,
    pageX: number(touch.pageX) ?? clientX,
    pageY: number(touch.pageY) ?? clientY + scrollTop,
    clientX,
    clientY,
    force: number(touch.force) ?? 1,
  }
}

export function normalizeTouches(raw: unknown, scrollTop: number): WxTouch[] {
  return Array.isArray(raw) ? raw.map((touch) => normalizeTouch(touch, scrollTop)) : []
}

interface Press {
  node: FrameworkNode
  startX: number
  startY: number
  started: number
  timer: NodeJS.Timeout | undefined
  longPressed: boolean
  moved: boolean
  last: WxTouch[]
}

export type FingerPhase = 'touchstart' | 'touchmove' | 'touchend' | 'touchcancel'

const detailOf = (touches: WxTouch[]) => ({ x: touches[0]?.pageX ?? 0, y: touches[0]?.pageY ?? 0 })

export class Fingers {
  private readonly presses = new Map<FrameworkNode, Press>()

  /** `afterLongPress` lets the caller settle the app after a timer fired the long press. */
  constructor(private readonly afterLongPress: () => void = () => undefined) {}

  /** One phase of a touch on `node`; `touches` are the fingers still down, `changed` the ones this phase moved. */
  touch(node: FrameworkNode, phase: FingerPhase, touches: WxTouch[], changed: WxTouch[]): void {
    const moved = changed.length > 0 ? changed : touches
    dispatch(node, phase, detailOf(moved), { touches, changedTouches: changed })
    if (phase === 'touchstart') return this.press(node, moved)
    const press = this.presses.get(node)
    if (!press) return
    const finger = moved[0]
    if (finger) press.last = moved
    if (
      finger &&
      Math.hypot(finger.pageX - press.startX, finger.pageY - press.startY) > TAP_SLOP &&
      !press.longPressed
    ) {
      press.moved = true
      if (press.timer) clearTimeout(press.timer)
    }
    if (phase === 'touchmove') return
    this.presses.delete(node)
    if (press.timer) clearTimeout(press.timer)
    if (phase === 'touchcancel' || press.moved) return
    // A finger held for the long-press time is a long press even if this touchend overtook the timer.
    if (!press.longPressed && Date.now() - press.started >= LONGPRESS_MS) this.longPress(press)
    if (!press.longPressed)
      dispatch(node, 'tap', detailOf(press.last), { touches: [], changedTouches: press.last })
  }

  private press(node: FrameworkNode, touches: WxTouch[]): void {
    const previous = this.presses.get(node)
    if (previous?.timer) clearTimeout(previous.timer)
    const finger = touches[0]
    const press: Press = {
      node,
      startX: finger?.pageX ?? 0,
      startY: finger?.pageY ?? 0,
      started: Date.now(),
      timer: undefined,
      longPressed: false,
      moved: false,
      last: touches,
    }
    press.timer = setTimeout(() => {
      this.longPress(press)
      this.afterLongPress()
    }, LONGPRESS_MS)
    this.presses.set(node, press)
  }

  private longPress(press: Press): void {
    if (press.longPressed || press.moved) return
    press.longPressed = true
    if (press.timer) clearTimeout(press.timer)
    const detail = detailOf(press.last)
    dispatch(press.node, 'longpress', detail, { touches: press.last, changedTouches: press.last })
    dispatch(press.node, 'longtap', detail, { touches: press.last, changedTouches: press.last })
  }
}
