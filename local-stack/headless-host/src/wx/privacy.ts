// Privacy authorization: the app's own prompt (wx.onNeedPrivacyAuthorization) or the host's, answered by a
// test (hostAuthorizeAllow / hostAuthorizeCancel) or an agreePrivacyAuthorization button.
import type { DefineAsync } from './define'
import type { WxHost, WxObject } from './host'

type PrivacyListener = (resolve: (result: unknown) => void, info: unknown) => void

/** Asks the app's listener, if it set one; false when the host must prompt itself. */
export type AskApp = (answer: (result: unknown) => void, api: string) => boolean

export function installPrivacy(
  wx: WxObject,
  define: DefineAsync,
  host: Pick<WxHost, 'dialogs' | 'reporter'>,
): AskApp {
  const { dialogs } = host
  let listener: PrivacyListener | undefined
  define('getPrivacySetting', () => ({
    needAuthorization: !dialogs.privacyAgreed,
    privacyContractName: '《小程序隐私保护指引》',
  }))
  define('requirePrivacyAuthorize', () => dialogs.requirePrivacy('requirePrivacyAuthorize'))
  define('openPrivacyContract', () => {
    dialogs.ui.privacyContractOpened++
    return {}
  })
  wx.onNeedPrivacyAuthorization = (fn: PrivacyListener) => {
    listener = fn
  }
  return (answer, api) => {
    if (!listener) return false
    host.reporter.callSafely(listener, answer, { referrer: api })
    return true
  }
}
