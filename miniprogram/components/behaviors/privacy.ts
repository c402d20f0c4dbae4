/**
 * The privacy-consent flow for pages that use privacy-protected APIs or components (nickname input,
 * chooseAvatar, chooseMedia, clipboard). The platform pauses such a call and asks through
 * wx.onNeedPrivacyAuthorization; the page shows its panel, and consent only counts when the user taps a button
 * with open-type="agreePrivacyAuthorization". The platform keeps one listener, the last registered: each page
 * registers it again in its onShow (`watchPrivacy()`), so after a navigateBack the panel still appears on the
 * page the user is looking at, not on the page that attached last.
 * Note: behaviours' methods are not in ComponentWithStore's `this` type; callers cast (see the login page).
 * The page's WXML renders the panel from `needPrivacy` / `privacyContractName` and binds
 * `onAgreePrivacy` / `onTapDisagreePrivacy` (ids #privacy-panel, #agree-privacy-button, #disagree-privacy-button).
 */

type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

export const AGREE_BUTTON_ID = 'agree-privacy-button'

/** Pending platform calls waiting for the user's answer, per page instance. */
const pending = new WeakMap<object, PrivacyResolve>()

export const privacyBehavior = Behavior({
  data: {
    needPrivacy: false,
    privacyContractName: '《用户隐私保护指引》',
    privacyRefused: false,
  },
  lifetimes: {
    detached() {
      pending.delete(this)
    },
  },
  methods: {
    /** Makes this page the one that answers the platform's privacy question (call it in onShow). */
    watchPrivacy() {
      if (typeof wx.onNeedPrivacyAuthorization !== 'function') return
      wx.onNeedPrivacyAuthorization((resolve) => {
        // miniprogram-api-typings types the argument as a result object; it is the resolve function.
        pending.set(this, resolve as unknown as PrivacyResolve)
        this.setData({ needPrivacy: true, privacyRefused: false })
      })
    },

    /**
     * Asks up front (the production login page does, before its nickname input and avatar chooser): shows the
     * panel when consent is still missing. Other pages wait until the platform asks, so the panel never covers
     * them needlessly.
     */
    checkPrivacySetting() {
      if (typeof wx.getPrivacySetting !== 'function') return
      wx.getPrivacySetting({
        success: (setting) => {
          this.setData({
            needPrivacy: setting.needAuthorization,
            privacyContractName: setting.privacyContractName || this.data.privacyContractName,
          })
        },
      })
    },

    onAgreePrivacy() {
      pending.get(this)?.({ event: 'agree', buttonId: AGREE_BUTTON_ID })
      pending.delete(this)
      this.setData({ needPrivacy: false, privacyRefused: false })
    },

    onTapDisagreePrivacy() {
      pending.get(this)?.({ event: 'disagree' })
      pending.delete(this)
      this.setData({ needPrivacy: false, privacyRefused: true })
    },
  },
})

/** What a page using privacyBehavior can call (ComponentWithStore's `this` type does not include it). */
export interface PrivacyMethods {
  watchPrivacy(): void
  checkPrivacySetting(): void
}
