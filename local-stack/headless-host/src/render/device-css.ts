// What the phone decides in a page's CSS: `prefers-color-scheme` follows the app's theme and
// env(safe-area-inset-*) / constant(…) take the device's insets, whatever browser draws the page (Chromium for
// pictures, the visitor's browser in the live preview).

export interface DeviceCss {
  theme: 'light' | 'dark'
  insets: { top: number; bottom: number; left: number; right: number }
}

// Media features that always / never match on a 375 px wide phone screen.
const ALWAYS = '(min-width: 0px)'
const NEVER = '(max-width: 0px)'

/** Replaces env(safe-area-inset-x[, fallback]) and constant(…) with the inset in px (fallbacks may nest). */
function replaceInsets(css: string, insets: DeviceCss['insets']): string {
  const pattern = /(?:env|constant)\(\s*safe-area-inset-(top|bottom|left|right)\s*/g
  let result = ''
  let last = 0
  for (let match = pattern.exec(css); match; match = pattern.exec(css)) {
    let depth = 1
    let index = pattern.lastIndex
    while (index < css.length && depth > 0) {
      if (css[index] === '(') depth++
      else if (css[index] === ')') depth--
      index++
    }
    result += `${css.slice(last, match.index)}${insets[match[1] as keyof DeviceCss['insets']]}px`
    last = index
    pattern.lastIndex = index
  }
  return result + css.slice(last)
}

export function applyDeviceCss(css: string, device: DeviceCss): string {
  const themed = css.replace(
    /\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g,
    (_match, scheme: string) => (scheme === device.theme ? ALWAYS : NEVER),
  )
  return replaceInsets(themed, device.insets)
}
