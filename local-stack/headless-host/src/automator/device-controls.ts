// Test-facing controls for the phone's own settings: the system theme (dark mode) and WeChat's font size.
import type { AutomatorHost, Controls } from './host'

export function createDeviceControls(
  host: Pick<AutomatorHost, 'device' | 'setTheme' | 'settle'>,
): Controls {
  return {
    /** `{theme: 'dark' | 'light'}` (or the bare string): the system theme; fires onThemeChange in apps that follow it. */
    setTheme: async (data) => {
      const theme = data.theme ?? data.value
      if (theme !== 'light' && theme !== 'dark')
        throw new Error("setTheme needs {theme: 'light' | 'dark'}")
      host.setTheme(theme)
      await host.settle()
    },
    /** `{fontSizeSetting: px}`: WeChat's font size setting (page-meta "system" sizes follow it). */
    setFontSize: (data) => {
      const size = data.fontSizeSetting ?? data.value
      if (typeof size !== 'number' || !(size >= 8 && size <= 64))
        throw new Error('setFontSize needs {fontSizeSetting: px} (8 to 64)')
      host.device.fontSizeSetting = size
    },
  }
}
