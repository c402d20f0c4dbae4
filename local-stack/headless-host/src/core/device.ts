// The phone around the mini-program: its model (screen, status bar, home-indicator inset, capsule button), the
// network, the tab bar's badges, whether the app is in the background, the system theme and font size, what
// wx.login and the photo picker will answer.
import type { TabBarConfig } from './app-config'

export const NAVIGATION_BAR = 44
export const TAB_BAR = 50

export interface DeviceProfile {
  name: string
  model: string
  system: string
  screen: { width: number; height: number }
  pixelRatio: number
  statusBar: number
  /** The home indicator's strip at the bottom (0 on phones with a home button). */
  bottomInset: number
}

/** Phones the host can be (`--device <name>`); sizes as WeChat reports them on each model. */
export const DEVICE_PROFILES: Record<string, DeviceProfile> = {
  'iphone-8': {
    name: 'iphone-8',
    model: 'iPhone 6/7/8',
    system: 'iOS 10.0.1',
    screen: { width: 375, height: 667 },
    pixelRatio: 2,
    statusBar: 20,
    bottomInset: 0,
  },
  'iphone-x': {
    name: 'iphone-x',
    model: 'iPhone X',
    system: 'iOS 11.0',
    screen: { width: 375, height: 812 },
    pixelRatio: 3,
    statusBar: 44,
    bottomInset: 34,
  },
}

export function deviceProfile(name: string): DeviceProfile {
  const profile = DEVICE_PROFILES[name]
  if (!profile)
    throw new Error(`unknown device "${name}": one of ${Object.keys(DEVICE_PROFILES).join(', ')}`)
  return profile
}

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

/** The native tab bar's height: taller by the home indicator's strip, which it covers. */
export function tabBarHeight(profile: DeviceProfile): number {
  return TAB_BAR + profile.bottomInset
}

/** Whether the page shows WeChat's own tab bar. */
export function showsTabBar(
  page: PageFrame | undefined,
  tabBar: TabBarConfig | undefined,
): boolean {
  return Boolean(tabBar && !tabBar.custom && page?.isTab)
}

/** The page area: the screen below the status and navigation bars (unless custom) and above the tab bar. */
export function windowHeight(
  profile: DeviceProfile,
  page: PageFrame | undefined,
  tabBar: TabBarConfig | undefined,
): number {
  const customNavigation = page?.config.navigationStyle === 'custom'
  return (
    profile.screen.height -
    (customNavigation ? 0 : profile.statusBar + NAVIGATION_BAR) -
    (showsTabBar(page, tabBar) ? tabBarHeight(profile) : 0)
  )
}

/** env(safe-area-inset-*) inside the page area (the webview): what of the screen's unsafe edges it covers. */
export function pageInsets(
  profile: DeviceProfile,
  page: PageFrame | undefined,
  tabBar: TabBarConfig | undefined,
): { top: number; bottom: number; left: number; right: number } {
  return {
    top: page?.config.navigationStyle === 'custom' ? profile.statusBar : 0,
    bottom: showsTabBar(page, tabBar) ? 0 : profile.bottomInset,
    left: 0,
    right: 0,
  }
}

/** The capsule (menu) button's rectangle in screen coordinates, as wx.getMenuButtonBoundingClientRect gives it. */
export function menuButtonRect(profile: DeviceProfile) {
  const top = profile.statusBar + 4
  const right = profile.screen.width - 10
  return { width: 87, height: 32, top, right, bottom: top + 32, left: right - 87 }
}

export type Theme = 'light' | 'dark'

export class Device {
  readonly network: NetworkState = { online: true, type: 'wifi' }
  readonly tabBar: TabBarState = { badges: {}, redDots: {}, visible: true }
  inBackground = false
  loginCode: string
  /** What chooseMedia / chooseImage / chooseAvatar return (none: the person cancelled). */
  mediaFiles: string[] = []
  profile: DeviceProfile
  /** The system's theme (the app follows it only with app.json `darkmode: true`). */
  theme: Theme = 'light'
  /** WeChat's font size setting (px), what `page-meta` font sizes of "system" follow. */
  fontSizeSetting = 16

  constructor(loginCode: string | undefined, deviceName = 'iphone-8') {
    this.loginCode = loginCode ?? 'host-login-code'
    this.profile = deviceProfile(deviceName)
  }
}
