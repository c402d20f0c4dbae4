// The base library's built-in components as framework components: the properties WXML binds to, the events
// they emit and what a person's touch does (toggling, form submission, navigation, pickers, scrolling, …).
import { registerBasics } from './basic'
import { registerButton } from './button'
import { registerChoices } from './choices'
import { registerFields } from './fields'
import { registerForm } from './form'
import { declaredProperties, type BuiltinsHost } from './kit'
import { registerNavigator } from './navigator'
import { registerScrollView } from './scroll-view'
import { registerSwiper } from './swiper'
import { registerVideo } from './video'

export { builtinCss } from './css'
export type { BuiltinsHost } from './kit'

export function registerBuiltins(host: BuiltinsHost): void {
  registerBasics(host)
  registerButton(host)
  registerFields()
  registerChoices(host)
  registerNavigator(host)
  registerForm()
  registerScrollView(host)
  registerSwiper()
  registerVideo(host)
}

const OPEN_TYPES = new Set([
  'share',
  'getPhoneNumber',
  'getRealtimePhoneNumber',
  'chooseAvatar',
  'agreePrivacyAuthorization',
  'openSetting',
  'getUserInfo',
])

/** What `wx.canIUse('<component>.<attribute>.<option>')` answers for the host's built-in components. */
export function supportsBuiltin(id: string, attribute?: string, option?: string): boolean {
  const properties = declaredProperties(id)
  if (!properties) return false
  if (!attribute) return true
  const name = attribute.replace(/-([a-z])/g, (_all, letter: string) => letter.toUpperCase())
  if (!properties.has(name)) return false
  if (id === 'button' && name === 'openType' && option) return OPEN_TYPES.has(option)
  return true
}
