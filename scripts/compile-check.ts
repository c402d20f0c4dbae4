/**
 * `npm run compile-check [-- --es5 babel|swc] [--out <dir>]`: WeChat's own compile of this TypeScript project
 * as DevTools would do it (miniprogram-ci offline: TypeScript plugin, npm packed first, ES6→ES5 through Babel
 * and through SWC), then checks of its output: pages and components, every require(), WXML through wcc, no test
 * file uploaded. Exits 1 on any problem. `--out` keeps each output in `<dir>/<babel|swc>`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { compileAndCheck, type CompileCheckRun } from './lib/compile-check'
import { formatChecks } from './lib/checks'
import { stageDevtoolsProject, type Es5Transform } from './lib/wechat-project'

function transformsFrom(value: string | undefined): Es5Transform[] {
  if (value === undefined) return ['babel', 'swc']
  if (value === 'babel' || value === 'swc') return [value]
  throw new Error(`--es5 should be babel or swc, got "${value}"`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { es5: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  })
  const transforms = transformsFrom(values.es5)
  const workDir = mkdtempSync(path.join(tmpdir(), 'compile-check-'))
  const outRoot = values.out ? path.resolve(values.out) : path.join(workDir, 'out')
  const runs: CompileCheckRun[] = []
  try {
    const stagingStarted = Date.now()
    const staged = await stageDevtoolsProject({
      projectDir: path.join(workDir, 'project'),
      log: (line) => console.log(line),
    })
    console.log(`staged in ${((Date.now() - stagingStarted) / 1000).toFixed(1)} s`)
    for (const transform of transforms) {
      const run = await compileAndCheck(staged, transform, path.join(outRoot, transform))
      runs.push(run)
      console.log(`\n${formatChecks(run.checks)}`)
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
  const timings = runs.map((run) => `${run.transform} ${(run.compileMs / 1000).toFixed(1)} s`)
  const failed = runs.filter((run) => !run.ok).map((run) => run.transform)
  console.log(`\ncompile times: ${timings.join(', ')}`)
  if (values.out) console.log(`outputs kept in ${outRoot}`)
  console.log(
    failed.length === 0 ? 'compile check passed' : `compile check failed: ${failed.join(', ')}`,
  )
  process.exitCode = failed.length === 0 ? 0 : 1
}

main().catch((error: unknown) => {
  console.error(
    `compile check could not run: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
})
