// scroll-view: scrolling within Chromium's layout (scroll-top, scroll-into-view, scroll / upper / lower events)
// and the pull-down refresher a finger drags.
import { addListener, nodeOf, type Instance } from '../framework'
import { register, type BuiltinsHost } from './kit'

export function registerScrollView(host: BuiltinsHost): void {
  register('scroll-view', {
    properties: {
      scrollX: Boolean,
      scrollY: Boolean,
      upperThreshold: { type: Number, value: 50 },
      lowerThreshold: { type: Number, value: 50 },
      scrollTop: { type: null, observer: 'hostScrollTopChanged' },
      scrollLeft: { type: null },
      scrollIntoView: { type: String, observer: 'hostIntoView' },
      scrollWithAnimation: Boolean,
      enableBackToTop: Boolean,
      enhanced: Boolean,
      refresherEnabled: Boolean,
      refresherThreshold: { type: Number, value: 45 },
      refresherDefaultStyle: { type: String, value: 'black' },
      refresherBackground: String,
      refresherTriggered: { type: Boolean, observer: 'hostRefresherTriggered' },
      showScrollbar: { type: Boolean, value: true },
    },
    data: { hostScrollTop: 0, hostScrollLeft: 0, hostIntoViewTarget: '', hostRefreshing: false },
    lifetimes: {
      attached(this: Instance) {
        // Pull-down refresh: a finger dragged down from the top of a refresher-enabled scroll-view.
        let startY: number | undefined
        let dy = 0
        type Finger = { pageY?: number; clientY?: number }
        const fingerY = (event: unknown, list: 'touches' | 'changedTouches'): number => {
          const finger = (event as Record<string, Finger[] | undefined> | undefined)?.[list]?.[0]
          return Number(finger?.pageY ?? finger?.clientY ?? 0)
        }
        const guarded = (handler: (event: unknown) => void) => (event: unknown) => {
          try {
            handler(event)
          } catch (error) {
            host.report(error, 'built-in component')
          }
        }
        const node = nodeOf(this)
        addListener(
          node,
          'touchstart',
          guarded((event) => {
            const idle = this.data.refresherEnabled && !this.data.hostRefreshing
            startY =
              idle && Number(this.data.hostScrollTop) <= 0 ? fingerY(event, 'touches') : undefined
            dy = 0
          }),
        )
        addListener(
          node,
          'touchmove',
          guarded((event) => {
            if (startY === undefined) return
            dy = Math.max(0, fingerY(event, 'touches') - startY)
            if (dy > 0) this.triggerEvent('refresherpulling', { dy })
          }),
        )
        addListener(
          node,
          'touchend',
          guarded(() => {
            if (startY === undefined) return
            startY = undefined
            if (dy >= Number(this.data.refresherThreshold)) this.hostRefresh(dy)
            else if (dy > 0) this.triggerEvent('refresherabort', { dy })
          }),
        )
      },
      detached(this: Instance) {
        host.refreshing.delete(this)
      },
    },
    methods: {
      hostRefresh(this: Instance, dy: number) {
        this.setData({ hostRefreshing: true })
        host.refreshing.add(this)
        this.triggerEvent('refresherrefresh', { dy })
      },
      hostRefresherTriggered(this: Instance, triggered: boolean) {
        if (triggered) {
          // The app shows the refresher itself; WeChat does not fire refresherrefresh for that.
          this.setData({ hostRefreshing: true })
          host.refreshing.add(this)
        } else this.hostRestore()
      },
      hostRestore(this: Instance) {
        if (!this.data.hostRefreshing) return
        this.setData({ hostRefreshing: false })
        host.refreshing.delete(this)
        this.triggerEvent('refresherrestore', {})
      },
      hostScrollTopChanged(this: Instance, value: unknown) {
        if (value === undefined || value === null || value === '') return
        void host.layout.scrollViewTo(this, undefined, Number(value))
      },
      hostIntoView(this: Instance, id: string) {
        if (!id) return
        this.setData({ hostIntoViewTarget: id })
        host.layout.scrollViewIntoView(this, id)
      },
      hostScrolled(
        this: Instance,
        left: number,
        top: number,
        metrics: {
          scrollHeight: number
          scrollWidth: number
          clientHeight: number
          clientWidth: number
        },
      ) {
        const deltaX = left - this.data.hostScrollLeft
        const deltaY = top - this.data.hostScrollTop
        this.setData({ hostScrollTop: top, hostScrollLeft: left })
        this.triggerEvent('scroll', {
          scrollLeft: left,
          scrollTop: top,
          scrollHeight: metrics.scrollHeight,
          scrollWidth: metrics.scrollWidth,
          deltaX,
          deltaY,
        })
        const vertical = deltaY !== 0 || (deltaX === 0 && this.data.scrollY)
        if (vertical) {
          if (deltaY < 0 && top <= Number(this.data.upperThreshold))
            this.triggerEvent('scrolltoupper', { direction: 'top' })
          if (
            deltaY > 0 &&
            top + metrics.clientHeight >= metrics.scrollHeight - Number(this.data.lowerThreshold)
          ) {
            this.triggerEvent('scrolltolower', { direction: 'bottom' })
          }
        } else {
          if (deltaX < 0 && left <= Number(this.data.upperThreshold))
            this.triggerEvent('scrolltoupper', { direction: 'left' })
          if (
            deltaX > 0 &&
            left + metrics.clientWidth >= metrics.scrollWidth - Number(this.data.lowerThreshold)
          ) {
            this.triggerEvent('scrolltolower', { direction: 'right' })
          }
        }
      },
    },
  })
}
