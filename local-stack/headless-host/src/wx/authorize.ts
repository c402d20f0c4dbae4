// wx.authorize, wx.getSetting and wx.openSetting over the person's answers (core/permissions.ts): a scope is
// asked once; a refusal stays until the settings page turns the scope on.
import { failure } from '../core/errors'
import { SCOPES } from '../core/permissions'
import type { DefineAsync } from './define'
import type { WxHost } from './host'

export function installAuthorize(define: DefineAsync, host: Pick<WxHost, 'permissions'>): void {
  const { permissions } = host
  define('authorize', (options) => {
    const scope = String(options.scope ?? '')
    if (!SCOPES.has(scope)) throw failure('authorize', 'invalid scope')
    if (!permissions.request(scope)) throw failure('authorize', 'auth deny')
    return {}
  })
  define('getSetting', (options) => {
    const result: Record<string, unknown> = { authSetting: { ...permissions.authSetting } }
    if (options.withSubscriptions)
      result.subscriptionsSetting = { mainSwitch: true, itemSettings: {} }
    return result
  })
  define('openSetting', () => ({ authSetting: permissions.openSettings() }))
}
