/** Promise-returning wrappers over the wx UI calls the app layer needs. */

export const LOGIN_PAGE = '/pages/login/index'

export function showToast(title: string): void {
  if (title === '') return
  wx.showToast({ title, icon: 'none', duration: 2500 })
}

export function confirm(title: string, content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      success: (result) => resolve(result.confirm),
      fail: () => resolve(false),
    })
  })
}

export function reLaunch(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.reLaunch({
      url,
      success: () => resolve(),
      fail: (failure) => reject(new Error(failure.errMsg)),
    })
  })
}

export function wxLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (result) =>
        result.code ? resolve(result.code) : reject(new Error('微信登录失败，请重试')),
      fail: (failure) => reject(new Error(`微信登录失败：${failure.errMsg}`)),
    })
  })
}
