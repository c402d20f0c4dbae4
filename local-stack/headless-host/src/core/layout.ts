// Layout facts only a real browser knows (sizes, offsets, scroll limits), asked of a provider (the Chromium
// renderer) when there is one; without it sizes are zero and scroll-views scroll without limits.
import { nodeOf, type FrameworkNode, type Instance } from '../framework'

export interface ScrollMetrics {
  scrollHeight: number
  scrollWidth: number
  clientHeight: number
  clientWidth: number
  /** With `intoView`: the scrollTop that brings that child to the top (clamped). */
  targetTop?: number
}

export interface LayoutBox {
  left: number
  top: number
  width: number
  height: number
  styles?: Record<string, string>
}

export interface LayoutProvider {
  scrollMetrics(node: FrameworkNode, intoView?: string): Promise<ScrollMetrics>
  /** Boxes relative to the page area's top-left (what boundingClientRect answers), and computed styles. */
  boxes(nodes: FrameworkNode[], styleNames: string[]): Promise<(LayoutBox | undefined)[]>
}

const NO_METRICS: ScrollMetrics = {
  scrollHeight: 0,
  scrollWidth: 0,
  clientHeight: 0,
  clientWidth: 0,
}

export class Layout {
  provider: LayoutProvider | undefined

  constructor(
    private readonly hold: () => () => void,
    private readonly report: (error: unknown, context: string) => void,
  ) {}

  async scrollMetrics(node: FrameworkNode): Promise<ScrollMetrics> {
    return this.provider ? this.provider.scrollMetrics(node) : NO_METRICS
  }

  boxes(nodes: FrameworkNode[], styleNames: string[]): Promise<(LayoutBox | undefined)[]> {
    return this.provider ? this.provider.boxes(nodes, styleNames) : Promise.resolve([])
  }

  /** Scrolls a scroll-view (its `this`) within the limits its laid-out content gives. */
  async scrollViewTo(scrollView: Instance, left: number | undefined, top: number | undefined) {
    const release = this.hold()
    try {
      const metrics = await this.scrollMetrics(nodeOf(scrollView))
      const maxTop = Math.max(0, metrics.scrollHeight - metrics.clientHeight)
      const maxLeft = Math.max(0, metrics.scrollWidth - metrics.clientWidth)
      const clamp = (value: number, max: number): number =>
        this.provider ? Math.min(Math.max(0, value), max) : Math.max(0, value)
      const nextTop = top === undefined ? scrollView.data.hostScrollTop : clamp(top, maxTop)
      const nextLeft = left === undefined ? scrollView.data.hostScrollLeft : clamp(left, maxLeft)
      scrollView.hostScrolled(nextLeft, nextTop, metrics)
    } catch (error) {
      this.report(error, 'scroll-view')
    } finally {
      release()
    }
  }

  scrollViewIntoView(scrollView: Instance, id: string): void {
    const provider = this.provider
    if (!provider) return
    const release = this.hold()
    provider
      .scrollMetrics(nodeOf(scrollView), id)
      .finally(release)
      .then(
        (metrics) => {
          if (metrics.targetTop !== undefined)
            scrollView.hostScrolled(scrollView.data.hostScrollLeft, metrics.targetTop, metrics)
        },
        (error: unknown) => this.report(error, 'scroll-view'),
      )
  }
}
