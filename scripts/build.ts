/**
 * `npm run build [-- --out <dir>] [--app-server <url>] [--im-proxy <url>] [--compiler tsc|wechat] [--es5 babel|swc]`:
 * the mini-program compiled into a folder that WeChat DevTools, the headless host and `npm run size`/`preflight`
 * can load. `--compiler wechat` is WeChat's own compile through miniprogram-ci (what `npm run upload` sends),
 * ES6→ES5 the way project.config.json says unless `--es5` picks one.
 */
import { parseArgs } from 'node:util'
import { buildMiniprogram, type MiniprogramCompiler } from './lib/build-miniprogram'
import type { Es5Transform } from './lib/wechat-project'

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: T[],
): T | undefined {
  if (value === undefined || (allowed as string[]).includes(value)) return value as T | undefined
  throw new Error(`--${flag} should be ${allowed.join(' or ')}, got "${value}"`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'app-server': { type: 'string' },
      'im-proxy': { type: 'string' },
      compiler: { type: 'string' },
      es5: { type: 'string' },
    },
    strict: true,
  })
  const compiler = oneOf<MiniprogramCompiler>('compiler', values.compiler, ['tsc', 'wechat'])
  const es5 = oneOf<Es5Transform>('es5', values.es5, ['babel', 'swc'])
  if (es5 && compiler !== 'wechat') throw new Error('--es5 needs --compiler wechat')
  const started = Date.now()
  const result = await buildMiniprogram({
    outDir: values.out,
    overrides: { appServerBaseUrl: values['app-server'], imProxyServer: values['im-proxy'] },
    compiler,
    es5,
    log: (line) => console.log(line),
  })
  console.log(`built ${result.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
