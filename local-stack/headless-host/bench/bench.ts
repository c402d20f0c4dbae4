// `npm run bench:host`: start-up time of the host CLI (spawn → contract line) and of startHost() in-process,
// the tap → re-render round trip through the unmodified automator client, and screenshot times.
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { connect, fixturesDir, packFixtureNpm, startHostProcess } from '../test/helpers'

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n=${samples.length})`
}

async function main(): Promise<void> {
  const projectDir = path.join(fixturesDir, 'basic')
  packFixtureNpm(projectDir)

  const startups: number[] = []
  for (let run = 0; run < 3; run++) {
    const started = performance.now()
    const host = await startHostProcess(projectDir)
    startups.push(performance.now() - started)
    await host.stop()
  }
  console.log(`CLI start-up (spawn via tsx → "host listening" line): ${summary(startups)}`)

  const host = await startHostProcess(projectDir)
  const miniProgram = await connect(host)
  try {
    const page = await miniProgram.currentPage()
    const button = await page?.$('#inc')
    const title = await page?.$('.title')
    if (!button || !title) throw new Error('fixture page is missing #inc or .title')
    const roundTrips: number[] = []
    for (let index = 1; index <= 100; index++) {
      const started = performance.now()
      await button.tap()
      const text = await title.text()
      roundTrips.push(performance.now() - started)
      if (text !== `Count: ${index}`) throw new Error(`unexpected text after tap ${index}: ${text}`)
    }
    console.log(`tap → re-render → read text round trip: ${summary(roundTrips)}`)

    const shots: number[] = []
    for (let index = 0; index < 5; index++) {
      const started = performance.now()
      await miniProgram.screenshot()
      shots.push(performance.now() - started)
    }
    console.log(
      `screenshot: first ${shots[0]?.toFixed(0)} ms (Chromium launch), then ${summary(shots.slice(1))}`,
    )
  } finally {
    miniProgram.disconnect()
    await host.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
