/**
 * The tab bar's icons: each SVG in scripts/tab-icons/ (drawn on an 81×81 grid, WeChat's recommended size) rendered
 * by sharp into an 4-colour palette PNG under miniprogram/assets/tab-bar/. WeChat takes only PNG/JPG for
 * `tabBar.list[].iconPath` and allows at most 40 KB each; the palette keeps each icon well under 1 KB, which
 * matters because tab icons must live in the main package.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { repoRoot } from '@tim-c2c/test-support'

export const TAB_ICON_SOURCE_DIR = path.join(repoRoot, 'scripts', 'tab-icons')
export const TAB_ICON_OUT_DIR = path.join(repoRoot, 'miniprogram', 'assets', 'tab-bar')
export const TAB_ICON_EDGE = 81
export const TAB_ICON_MAX_BYTES = 40 * 1024

export interface TabIcon {
  name: string
  source: string
  target: string
}

/** Every icon source, with the PNG it becomes. */
export function tabIcons(sourceDir = TAB_ICON_SOURCE_DIR, outDir = TAB_ICON_OUT_DIR): TabIcon[] {
  return readdirSync(sourceDir)
    .filter((file) => file.endsWith('.svg'))
    .sort()
    .map((file) => {
      const name = path.basename(file, '.svg')
      return { name, source: path.join(sourceDir, file), target: path.join(outDir, `${name}.png`) }
    })
}

/** One icon as PNG bytes (deterministic: the same SVG always gives the same bytes). */
export async function renderTabIcon(source: string): Promise<Buffer> {
  const png = await sharp(readFileSync(source))
    .resize(TAB_ICON_EDGE, TAB_ICON_EDGE, {
      fit: 'contain',
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    })
    .png({ palette: true, colours: 4, compressionLevel: 9, effort: 10 })
    .toBuffer()
  if (png.length > TAB_ICON_MAX_BYTES) {
    throw new Error(`${source} renders to ${png.length} bytes, over WeChat's ${TAB_ICON_MAX_BYTES}`)
  }
  return png
}
