// navigator: every open-type, on a tap.
import type { Instance } from '../framework'
import { onTap, register, type BuiltinsHost } from './kit'

export function registerNavigator(host: BuiltinsHost): void {
  register('navigator', {
    properties: {
      url: String,
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
      hoverClass: { type: String, value: 'navigator-hover' },
    },
    lifetimes: {
      attached(this: Instance) {
        onTap(host, this, () => {
          const { url, openType, delta } = this.data
          if (openType === 'navigateBack') host.pages.navigateBack(delta)
          else if (openType === 'redirect') host.pages.redirectTo(url)
          else if (openType === 'switchTab') host.pages.switchTab(url)
          else if (openType === 'reLaunch') host.pages.reLaunch(url)
          else if (openType === 'exit') return
          else host.pages.navigateTo(url)
        })
      },
    },
  })
}
