/**
 * `npm run chaos:local-im`: the chaos run at full scale. CHAOS_PHONES, CHAOS_MESSAGES and
 * CHAOS_KILLS change its size; it prints the report and exits 1 unless every view is clean.
 */
import { runChaos } from './chaos'
import { isClean } from './tally'

async function main(): Promise<void> {
  const report = await runChaos({
    phones: Number(process.env.CHAOS_PHONES ?? 6),
    messages: Number(process.env.CHAOS_MESSAGES ?? 3000),
    kills: Number(process.env.CHAOS_KILLS ?? 5),
    log: (line) => process.stdout.write(`${line}\n`),
  })
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  const clean = [report.server, report.liveReceived, report.liveView, report.freshLogin].every(
    isClean,
  )
  process.stdout.write(clean ? 'chaos: 0 lost, 0 duplicated, 0 out of order\n' : 'chaos: FAILED\n')
  process.exit(clean ? 0 : 1)
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
