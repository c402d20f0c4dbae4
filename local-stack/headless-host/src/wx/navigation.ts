// Navigation between pages, the navigation bar, the tab bar, page scrolling and pull-down refresh.
import { failure } from '../core/errors'
import type { DefineAsync } from './define'
import type { WxHost, WxObject, WxOptions } from './host'

type NavigationHost = Pick<
  WxHost,
  'pages' | 'project' | 'device' | 'dialogs' | 'reporter' | 'scheduler' | 'createSelectorQuery'
>

export function installNavigation(wx: WxObject, define: DefineAsync, host: NavigationHost): void {
  const { pages, dialogs } = host
  const navigation = (name: string, run: (options: WxOptions) => unknown): void =>
    define(name, (options) => {
      try {
        const result = run(options)
        return host.scheduler.settle().then(() => result ?? {})
      } catch (error) {
        if (error instanceof Error)
          throw {
            errMsg: error.message.startsWith(`${name}:fail`)
              ? error.message
              : `${name}:fail ${error.message}`,
          }
        throw error
      }
    })
  navigation('navigateTo', (options) => ({
    eventChannel: pages.navigateTo(
      options.url,
      options.events as Record<string, (...args: unknown[]) => void> | undefined,
    ),
  }))
  navigation('redirectTo', (options) => pages.redirectTo(options.url))
  navigation('navigateBack', (options) => pages.navigateBack(options.delta))
  navigation('reLaunch', (options) => pages.reLaunch(options.url))
  navigation('switchTab', (options) => pages.switchTab(options.url))

  define('setNavigationBarTitle', (options) => {
    pages.current().title = String(options.title ?? '')
    return {}
  })
  define('setNavigationBarColor', (options) => {
    dialogs.ui.navigationBarColor = {
      frontColor: String(options.frontColor ?? '#000000'),
      backgroundColor: String(options.backgroundColor ?? '#ffffff'),
    }
    return {}
  })
  define('showNavigationBarLoading', () => {
    dialogs.ui.navigationBarLoading = true
    return {}
  })
  define('hideNavigationBarLoading', () => {
    dialogs.ui.navigationBarLoading = false
    return {}
  })

  const tabBar = host.device.tabBar
  const tabIndex = (api: string, index: unknown): number => {
    const count = host.project.config.tabBar?.list.length ?? 0
    if (count === 0) throw failure(api, 'the mini-program has no tabBar')
    const value = Number(index)
    if (!Number.isInteger(value) || value < 0 || value >= count)
      throw failure(api, `tabbar item ${String(index)} not found`)
    return value
  }
  define('setTabBarBadge', (options) => {
    tabBar.badges[tabIndex('setTabBarBadge', options.index)] = String(options.text ?? '')
    return {}
  })
  define('removeTabBarBadge', (options) => {
    delete tabBar.badges[tabIndex('removeTabBarBadge', options.index)]
    return {}
  })
  define('showTabBarRedDot', (options) => {
    tabBar.redDots[tabIndex('showTabBarRedDot', options.index)] = true
    return {}
  })
  define('hideTabBarRedDot', (options) => {
    delete tabBar.redDots[tabIndex('hideTabBarRedDot', options.index)]
    return {}
  })
  define('showTabBar', () => {
    tabBar.visible = true
    return {}
  })
  define('hideTabBar', () => {
    tabBar.visible = false
    return {}
  })

  define('pageScrollTo', (options) => {
    if (options.scrollTop === undefined) {
      throw failure(
        'pageScrollTo',
        'only scrollTop is supported by the host (selector needs a layout)',
      )
    }
    const page = pages.current()
    page.scrollTop = Math.max(0, Number(options.scrollTop))
    host.reporter.callHook(page.instance, 'onPageScroll', { scrollTop: page.scrollTop })
    return {}
  })
  define('startPullDownRefresh', () => {
    host.reporter.callHook(pages.current().instance, 'onPullDownRefresh')
    return {}
  })
  define('stopPullDownRefresh', () => ({}))
  wx.createSelectorQuery = () => host.createSelectorQuery()
}
