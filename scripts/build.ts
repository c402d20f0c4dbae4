/**
 * `npm run build [-- --out <dir>] [--app-server <url>] [--im-proxy <url>]`: the mini-program compiled into a
 * folder that WeChat DevTools, the headless host and `npm run size`/`preflight` can load.
 */
import { parseArgs } from 'node:util'
import { buildMiniprogram } from './lib/build-miniprogram'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'app-server': { type: 'string' },
      'im-proxy': { type: 'string' },
    },
    strict: true,
  })
  const started = Date.now()
  const result = await buildMiniprogram({
    outDir: values.out,
    overrides: { appServerBaseUrl: values['app-server'], imProxyServer: values['im-proxy'] },
    log: (line) => console.log(line),
  })
  console.log(`built ${result.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
