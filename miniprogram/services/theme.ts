/** The system theme (light / dark), which the app follows because app.json sets `darkmode: true`. */

export type Theme = 'light' | 'dark'

/** The theme now; `theme` is absent where dark mode is not supported, which means light. */
export function currentTheme(): Theme {
  const info =
    typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync()
  return info.theme === 'dark' ? 'dark' : 'light'
}

/** Calls `listener` with each new system theme; returns the unsubscribe. */
export function watchTheme(listener: (theme: Theme) => void): () => void {
  const onChange = (result: { theme: string }) =>
    listener(result.theme === 'dark' ? 'dark' : 'light')
  wx.onThemeChange(onChange)
  return () => wx.offThemeChange(onChange)
}
