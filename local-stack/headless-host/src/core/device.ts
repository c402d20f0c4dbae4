// The phone around the mini-program: screen and window sizes (an iPhone 6/7/8 at 375 × 667), the network, the
// tab bar's badges, whether the app is in the background, what wx.login and the photo picker will answer.
import type { TabBarConfig } from './app-config'

export const SCREEN = { width: 375, height: 667 } as const
export const STATUS_BAR = 20
export const NAVIGATION_BAR = 44
export const TAB_BAR = 50

export interface NetworkState {
  online: boolean
  type: string
}

export interface TabBarState {
  badges: Record<number, string>
  redDots: Record<number, boolean>
  visible: boolean
}

/** What decides the page area's height: the page's own settings and whether it shows the tab bar. */
export interface PageFrame {
  isTab: boolean
  config: Record<string, unknown>
}

/** The page area: the screen below the status and navigation bars (unless custom) and above the tab bar. */
export function windowHeight(
  page: PageFrame | undefined,
  tabBar: TabBarConfig | undefined,
): number {
  const showsTabBar = Boolean(tabBar && !tabBar.custom && page?.isTab)
  const customNavigation = page?.config.navigationStyle === 'custom'
  return (
    SCREEN.height -
    (customNavigation ? 0 : STATUS_BAR + NAVIGATION_BAR) -
    (showsTabBar ? TAB_BAR : 0)
  )
}

export class Device {
  readonly network: NetworkState = { online: true, type: 'wifi' }
  readonly tabBar: TabBarState = { badges: {}, redDots: {}, visible: true }
  inBackground = false
  loginCode: string
  /** What chooseMedia / chooseImage / chooseAvatar return (none: the person cancelled). */
  mediaFiles: string[] = []

  constructor(loginCode: string | undefined) {
    this.loginCode = loginCode ?? 'host-login-code'
  }
}
