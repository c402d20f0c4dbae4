// swiper and swiper-item: swipes (the automator's swipeTo), current, autoplay.
import { nodeOf, type Instance } from '../framework'
import { data, descendants, register } from './kit'

export function registerSwiper(): void {
  register('swiper', {
    properties: {
      indicatorDots: Boolean,
      indicatorColor: { type: String, value: 'rgba(0, 0, 0, .3)' },
      indicatorActiveColor: { type: String, value: '#000000' },
      autoplay: { type: Boolean, observer: 'hostAutoplay' },
      current: { type: Number, value: 0 },
      currentItemId: String,
      interval: { type: Number, value: 5000 },
      duration: { type: Number, value: 500 },
      circular: Boolean,
      vertical: Boolean,
      previousMargin: String,
      nextMargin: String,
      displayMultipleItems: { type: Number, value: 1 },
    },
    methods: {
      hostSwipeTo(this: Instance, index: unknown, source = 'touch') {
        const items = descendants(nodeOf(this), ['swiper-item'])
        const target = Number(index)
        if (!Number.isInteger(target) || target < 0 || target >= items.length) {
          throw new Error(`swiper has no item ${String(index)} (it has ${items.length})`)
        }
        const item = items[target]
        this.setData({ current: target })
        const detail = { current: target, currentItemId: data(item).itemId ?? '', source }
        this.triggerEvent('change', detail)
        this.triggerEvent('animationfinish', detail)
      },
      hostAutoplay(this: Instance, on: boolean) {
        if (this.hostTimer) clearInterval(this.hostTimer)
        this.hostTimer = undefined
        if (!on) return
        this.hostTimer = setInterval(
          () => {
            const count = descendants(nodeOf(this), ['swiper-item']).length
            if (count === 0) return
            const next = Number(this.data.current) + 1
            if (next >= count && !this.data.circular) return
            this.hostSwipeTo(next % count, 'autoplay')
          },
          Math.max(16, Number(this.data.interval)),
        )
        this.hostTimer.unref()
      },
    },
    lifetimes: {
      detached(this: Instance) {
        if (this.hostTimer) clearInterval(this.hostTimer)
      },
    },
  })
}
