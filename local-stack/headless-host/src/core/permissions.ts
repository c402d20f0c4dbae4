// The user's answers to WeChat's authorization popups (wx.authorize, APIs that need a scope) and the app's
// settings page (wx.openSetting): what a test decided the person will answer, and what they answered so far.

export type PopupAnswer = 'allow' | 'deny'

/** Scopes a mini-program can ask for (WeChat's scope list); anything else is refused as an invalid scope. */
export const SCOPES = new Set([
  'scope.userInfo',
  'scope.userLocation',
  'scope.userLocationBackground',
  'scope.userFuzzyLocation',
  'scope.record',
  'scope.camera',
  'scope.bluetooth',
  'scope.writePhotosAlbum',
  'scope.addPhoneContact',
  'scope.addPhoneCalendar',
  'scope.werun',
  'scope.address',
  'scope.invoiceTitle',
  'scope.invoice',
])

export interface Prompt {
  scope: string
  answer: PopupAnswer
}

export class Permissions {
  /** Scopes the person has answered (true: allowed); what wx.getSetting's authSetting shows. */
  readonly authSetting: Record<string, boolean> = {}
  /** Every popup shown, in order, with the answer given. */
  readonly prompts: Prompt[] = []
  /** How often the settings page was opened. */
  settingsOpened = 0
  /** What the person answers when a popup asks for a scope (a scope not listed: allow). */
  private readonly popupAnswers: Record<string, PopupAnswer> = {}
  /** What the person switches in the settings page the next times it opens (scope → on/off). */
  private readonly settingsChoices: Record<string, boolean> = {}

  setPopupAnswers(answers: Record<string, PopupAnswer>): void {
    Object.assign(this.popupAnswers, answers)
  }

  setSettingsChoices(choices: Record<string, boolean>): void {
    Object.assign(this.settingsChoices, choices)
  }

  /**
   * Whether `scope` may be used now: an answered scope keeps its answer (a refusal is not asked again); an
   * unanswered one shows the popup, which the person answers as the test decided.
   */
  request(scope: string): boolean {
    const known = this.authSetting[scope]
    if (known !== undefined) return known
    const answer = this.popupAnswers[scope] ?? 'allow'
    this.prompts.push({ scope, answer })
    this.authSetting[scope] = answer === 'allow'
    return this.authSetting[scope]
  }

  /** The settings page: the person flips the switches the test chose, for scopes the app has asked for. */
  openSettings(): Record<string, boolean> {
    this.settingsOpened++
    for (const [scope, on] of Object.entries(this.settingsChoices))
      if (scope in this.authSetting) this.authSetting[scope] = on
    return { ...this.authSetting }
  }
}
