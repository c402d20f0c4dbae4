/**
 * `npm run bench:compile [-- --runs 3]`: how long each way of compiling the mini-program takes, side by side in
 * one run, rounds interleaved so a busy spell of the machine hits every way alike: the project's own tsc build
 * (what `npm start` loads), and WeChat's compile through miniprogram-ci with ES6→ES5 through Babel (what the
 * upload sends and the e2e specs load) and through SWC. The tsc build includes packing npm, as `npm run build`
 * does; for WeChat's compiles the staging (copy + npm pack) is timed on its own, once per round, and the two
 * compiles use it. Prints the median and the spread of each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildMiniprogram } from './lib/build-miniprogram'
import { compileWithWechat } from './lib/wechat-compile'
import { stageDevtoolsProject, withEs5Transform } from './lib/wechat-project'

type Way = 'tsc build' | 'staging' | 'WeChat, Babel' | 'WeChat, SWC'

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' } }, strict: true })
  const runs = Number(values.runs ?? 3)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs should be a whole number ≥ 1`)
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-compile-'))
  const timings = new Map<Way, number[]>()
  const record = (way: Way, ms: number) => timings.set(way, [...(timings.get(way) ?? []), ms])
  try {
    for (let run = 1; run <= runs; run++) {
      let started = Date.now()
      await buildMiniprogram({ outDir: path.join(workDir, `tsc-${run}`) })
      record('tsc build', Date.now() - started)
      started = Date.now()
      const staged = await stageDevtoolsProject({
        projectDir: path.join(workDir, `project-${run}`),
      })
      record('staging', Date.now() - started)
      for (const [way, transform] of [
        ['WeChat, Babel', 'babel'],
        ['WeChat, SWC', 'swc'],
      ] as const) {
        staged.writeConfig(withEs5Transform(staged.config, transform))
        started = Date.now()
        await compileWithWechat(staged.projectDir, path.join(workDir, `${transform}-${run}`))
        record(way, Date.now() - started)
      }
      console.log(
        `run ${run}/${runs}: ${[...timings].map(([way, ms]) => `${way} ${seconds(ms[ms.length - 1]!)}`).join(', ')}`,
      )
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
  console.log(`\n${runs} runs, load average at the end ${loadavg()[0]!.toFixed(1)} (2 cores)`)
  for (const [way, ms] of timings) {
    console.log(
      `${way.padEnd(14)} median ${seconds(median(ms)).padStart(7)}   min ${seconds(Math.min(...ms))}   max ${seconds(Math.max(...ms))}`,
    )
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
