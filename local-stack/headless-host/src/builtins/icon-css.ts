// How `<icon type>` is drawn: WeChat draws its built-in icons with WeUI's glyphs, so the host takes the same
// glyphs (SVG masks) from WeUI's stylesheet in the weui-miniprogram package and paints them in the icon's colour.
import fs from 'node:fs'
import path from 'node:path'

/** `<icon type>` → WeUI's icon class, and the colour WeChat gives it when the page sets none. */
const ICONS: Record<string, { weui: string; color: string }> = {
  success: { weui: 'success', color: 'var(--weui-BRAND, #07c160)' },
  success_no_circle: { weui: 'success-no-circle', color: 'var(--weui-BRAND, #07c160)' },
  info: { weui: 'info', color: 'var(--weui-BLUE, #10aeff)' },
  warn: { weui: 'warn', color: 'var(--weui-RED, #fa5151)' },
  waiting: { weui: 'waiting', color: 'var(--weui-BLUE, #10aeff)' },
  cancel: { weui: 'cancel', color: 'var(--weui-RED, #fa5151)' },
  download: { weui: 'download', color: 'var(--weui-BRAND, #07c160)' },
  search: { weui: 'search', color: 'var(--weui-FG-1, rgba(0, 0, 0, 0.5))' },
  clear: { weui: 'clear', color: 'var(--weui-FG-2, rgba(0, 0, 0, 0.3))' },
}

export const ICON_TYPES = Object.keys(ICONS)

function weuiStylesheet(): string {
  const root = path.dirname(require.resolve('weui-miniprogram/package.json'))
  return fs.readFileSync(
    path.join(root, 'miniprogram_dist', 'weui-wxss', 'dist', 'style', 'weui.wxss'),
    'utf8',
  )
}

/** The mask of one WeUI icon class: its `url(…)`, quoted or not. */
function maskOf(stylesheet: string, weuiName: string): string | undefined {
  const rule = new RegExp(
    `\\.weui-icon-${weuiName}\\{-webkit-mask-image:(url\\((?:"[^"]*"|[^)]*)\\))`,
  )
  return rule.exec(stylesheet)?.[1]
}

let cached: string | undefined

/** CSS for `.wx-icon-<type>` (the span the icon built-in renders), made once per process. */
export function iconCss(): string {
  if (cached !== undefined) return cached
  const stylesheet = weuiStylesheet()
  const rules = [
    '.wx-icon { display: inline-block; width: 1em; height: 1em; vertical-align: middle; }',
  ]
  for (const [type, { weui, color }] of Object.entries(ICONS)) {
    const mask = maskOf(stylesheet, weui)
    if (!mask) throw new Error(`WeUI's stylesheet has no glyph for the ${type} icon`)
    rules.push(
      `.wx-icon-${type} { color: ${color}; background-color: currentColor; -webkit-mask: ${mask} 50% 50% / 100% no-repeat; mask: ${mask} 50% 50% / 100% no-repeat; }`,
    )
  }
  cached = rules.join('\n')
  return cached
}
