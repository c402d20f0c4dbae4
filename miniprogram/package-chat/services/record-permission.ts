/**
 * The microphone permission (scope.record), asked when the user first holds 按住 说话. After a refusal WeChat
 * never shows the popup again, so a dialog offers the app's settings page (wx.openSetting, allowed from the
 * dialog's button tap); a grant there lets the next press record.
 */
import { showToast } from '../../services/ui'

const SCOPE = 'scope.record'

function authSetting(): Promise<Record<string, boolean | undefined>> {
  return new Promise((resolve) => {
    wx.getSetting({
      success: (result) => resolve(result.authSetting as Record<string, boolean | undefined>),
      // Unknown counts as never asked: wx.authorize then says what it is.
      fail: () => resolve({}),
    })
  })
}

function authorize(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.authorize({ scope: SCOPE, success: () => resolve(true), fail: () => resolve(false) })
  })
}

function offerSettings(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: '无法录音',
      content: '发送语音需要使用你的麦克风，请在设置中允许使用麦克风',
      confirmText: '去设置',
      success: (answer) => {
        if (!answer.confirm) return resolve(false)
        wx.openSetting({
          success: (result) => resolve(result.authSetting[SCOPE] === true),
          fail: () => resolve(false),
        })
      },
      fail: () => resolve(false),
    })
  })
}

/**
 * Whether this press may record now: true when allowed already or allowed in the popup just shown. After a
 * refusal the settings dialog opens and this press records nothing; a grant there is confirmed by a toast.
 */
export async function ensureRecordPermission(): Promise<boolean> {
  const known = (await authSetting())[SCOPE]
  if (known === true) return true
  if (known === undefined && (await authorize())) return true
  if (await offerSettings()) showToast('已允许使用麦克风，请按住说话')
  return false
}
