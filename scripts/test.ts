/**
 * `npm test`: every check the project has, in one run, ending with one summary line
 * `N passed, N failed` that CI reads. Lint, format, type checks and WeChat's compile check count as one
 * check each; every jest test counts as one. Extra arguments go to jest (e.g. `npm test -- server`).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

interface StepResult {
  name: string
  ok: boolean
}

function run(name: string, command: string, args: string[]): StepResult {
  console.log(`\n▶ ${name}: ${[path.basename(command), ...args].join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  const ok = result.status === 0
  console.log(`${ok ? '✔' : '✘'} ${name}`)
  return { name, ok }
}

const tsconfigs = [
  'tsconfig.json',
  'server/tsconfig.json',
  'local-stack/local-im/tsconfig.json',
  'local-stack/headless-host/tsconfig.json',
  'e2e/tsconfig.json',
  'scripts/tsconfig.json',
  'local-stack/live-preview/tsconfig.json',
  'test-support/tsconfig.json',
].filter((file) => existsSync(path.join(root, file)))

const jestArgs = process.argv.slice(2)
const steps: StepResult[] = []
if (jestArgs.length === 0) {
  steps.push(run('eslint', bin('eslint'), ['.', '--max-warnings=0']))
  steps.push(run('prettier', bin('prettier'), ['--check', '.', '--log-level=warn']))
  for (const tsconfig of tsconfigs) {
    steps.push(run(`typecheck ${tsconfig}`, bin('tsc'), ['-p', tsconfig, '--noEmit']))
  }
  // WeChat's own compile of the project, Babel and SWC (npm run compile-check).
  steps.push(run('compile-check', bin('tsx'), ['scripts/compile-check.ts']))
}

const report = path.join(mkdtempSync(path.join(tmpdir(), 'jest-report-')), 'report.json')
// --forceExit: a leaked timer (tim-wx-sdk keeps a 1 s timer alive in some teardown paths) must not hang CI
// after every result is in; the report is written before jest exits, so nothing is lost.
const jestStep = run('jest', bin('jest'), [
  '--json',
  `--outputFile=${report}`,
  '--forceExit',
  ...jestArgs,
])

/** Where the time went: the slowest test files, so a growing run can be trimmed where it matters. */
function printSlowestFiles(files: { name: string; startTime: number; endTime: number }[]): void {
  const timed = files
    .map((file) => ({
      name: path.relative(root, file.name),
      seconds: (file.endTime - file.startTime) / 1000,
    }))
    .sort((a, b) => b.seconds - a.seconds)
  const total = timed.reduce((sum, file) => sum + file.seconds, 0)
  console.log(`\nSlowest test files (of ${timed.length}, ${Math.round(total)} s in all):`)
  for (const file of timed.slice(0, 10))
    console.log(`  ${file.seconds.toFixed(1).padStart(6)} s  ${file.name}`)
}

let testsPassed = 0
let testsFailed = 0
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numRuntimeErrorTestSuites: number
    testResults: { name: string; startTime: number; endTime: number }[]
  }
  printSlowestFiles(summary.testResults)
  testsPassed = summary.numPassedTests
  // A suite that fails to load has no failed test of its own: count it so it cannot pass silently.
  testsFailed = summary.numFailedTests + summary.numRuntimeErrorTestSuites
}
if (!jestStep.ok && testsFailed === 0) testsFailed = 1

const failedSteps = steps.filter((step) => !step.ok)
const passed = testsPassed + steps.length - failedSteps.length
const failed = testsFailed + failedSteps.length
if (failedSteps.length > 0)
  console.log(`\nFailed checks: ${failedSteps.map((s) => s.name).join(', ')}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
