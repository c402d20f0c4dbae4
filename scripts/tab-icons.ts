/**
 * `npm run tab-icons [-- --check]`: renders scripts/tab-icons/*.svg into miniprogram/assets/tab-bar/*.png (see
 * lib/tab-icons.ts). `--check` writes nothing and exits 1 when a committed PNG is missing or differs from what
 * its SVG renders to.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from '@tim-c2c/test-support'
import { TAB_ICON_OUT_DIR, renderTabIcon, tabIcons } from './lib/tab-icons'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } }, strict: true })
  mkdirSync(TAB_ICON_OUT_DIR, { recursive: true })
  const stale: string[] = []
  for (const icon of tabIcons()) {
    const png = await renderTabIcon(icon.source)
    const relative = path.relative(repoRoot, icon.target)
    if (values.check) {
      if (!existsSync(icon.target) || !readFileSync(icon.target).equals(png)) stale.push(relative)
      continue
    }
    writeFileSync(icon.target, png)
    console.log(`${relative} (${png.length} bytes)`)
  }
  if (stale.length > 0) {
    console.error(`out of date (run npm run tab-icons): ${stale.join(', ')}`)
    process.exit(1)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
