/**
 * `npm run size [-- --dir <built dir>]`: per-package size of the mini-program against the budgets (main ≤ 800 KB,
 * every package < 2 MB). Unless --dir is given, it first builds what an upload sends and phones download:
 * WeChat's own compile of the project (miniprogram-ci, with project.config.json's settings, `minified` included),
 * not the tsc build the host runs in development, whose indentation and comments never ship.
 * Exits 1 when a package is over budget.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildMiniprogram, defaultOutDir } from './lib/build-miniprogram'
import { formatSizeTable, measurePackages } from './lib/mini-package'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' } }, strict: true })
  let dir = values.dir ? path.resolve(values.dir) : defaultOutDir
  if (!values.dir) {
    console.log(
      "WeChat's own compile of the project first, the files an upload sends (pass --dir to measure an existing build)",
    )
    dir = (await buildMiniprogram({ outDir: defaultOutDir, compiler: 'wechat' })).outDir
  } else if (!existsSync(dir)) {
    throw new Error(`${dir} does not exist`)
  }
  const sizes = measurePackages(dir)
  console.log(formatSizeTable(sizes))
  const over = sizes.filter((size) => !size.ok)
  if (over.length > 0) {
    console.error(`\nover budget: ${over.map((size) => size.name).join(', ')}`)
    process.exit(1)
  }
}

main().catch((error: unknown) => {
  console.error(`size check failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
