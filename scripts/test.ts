/**
 * `npm test`: every check the project has, in one run, ending with one summary line
 * `N passed, N failed` that CI reads. Lint, format, type checks and WeChat's compile check count as one
 * check each; every jest test counts as one. Extra arguments go to one jest run (e.g. `npm test -- server`).
 *
 * The whole run goes in two lanes side by side, one per core: the suites that drive headless hosts and
 * Chromium (e2e, the live preview, the host's own) after the static checks, and every other jest project in the
 * other. Two of those suites never run at once, and each lane's jest keeps one worker. The first lane's output is shown
 * as it comes; the second's is kept and shown when it ends, so the log reads in order.
 */
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)
const work = mkdtempSync(path.join(tmpdir(), 'jest-report-'))

interface StepResult {
  name: string
  ok: boolean
}

/** Where a lane writes: the terminal as it comes, or a file shown once the lane is over. */
interface Output {
  live: boolean
  write(text: string): void
}

function terminal(): Output {
  return { live: true, write: (text) => process.stdout.write(text) }
}

function keptInFile(name: string): Output & { file: string; finish(): Promise<void> } {
  const file = path.join(work, `${name}.log`)
  const stream = createWriteStream(file)
  return {
    live: false,
    file,
    write: (text) => stream.write(text),
    finish: () => new Promise((resolve) => stream.end(resolve)),
  }
}

async function run(
  output: Output,
  name: string,
  command: string,
  args: string[],
): Promise<StepResult> {
  output.write(`\n▶ ${name}: ${[path.basename(command), ...args].join(' ')}\n`)
  const child = spawn(command, args, {
    cwd: root,
    stdio: output.live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  })
  if (!output.live) {
    child.stdout?.on('data', (chunk: Buffer) => output.write(chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => output.write(chunk.toString()))
  }
  const status = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      output.write(`${error.message}\n`)
      resolve(null)
    })
    child.once('close', resolve)
  })
  const ok = status === 0
  output.write(`${ok ? '✔' : '✘'} ${name}\n`)
  return { name, ok }
}

interface JestCount {
  passed: number
  failed: number
}

/** One jest run with its own JSON report; --forceExit: a leaked timer (tim-wx-sdk keeps a 1 s timer alive in
 * some teardown paths) must not hang CI after every result is in (the report is written before jest exits). */
async function jest(output: Output, name: string, args: string[]): Promise<JestCount> {
  const report = path.join(work, `${name}.json`)
  const step = await run(output, name, bin('jest'), [
    '--json',
    `--outputFile=${report}`,
    '--forceExit',
    ...args,
  ])
  let count: JestCount = { passed: 0, failed: 0 }
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
      numRuntimeErrorTestSuites: number
    }
    // A suite that fails to load has no failed test of its own: count it so it cannot pass silently.
    count = {
      passed: summary.numPassedTests,
      failed: summary.numFailedTests + summary.numRuntimeErrorTestSuites,
    }
  }
  if (!step.ok && count.failed === 0) count.failed = 1
  return count
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

/** Projects that drive headless hosts and Chromium: one suite at a time, in their own lane. */
const PHONE_PROJECTS = ['e2e', 'live-preview', 'headless-host']

/** Every other project the root jest config lists (by its displayName), so a new one is never left out. */
function otherProjects(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { projects } = require(path.join(root, 'jest.config.js')) as { projects: string[] }
  return projects
    .map((project) => {
      const dir = path.join(root, project.replace('<rootDir>/', ''))
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require(path.join(dir, 'jest.config.js')) as { displayName: string }).displayName
    })
    .filter((name) => !PHONE_PROJECTS.includes(name))
}

async function staticChecks(output: Output): Promise<StepResult[]> {
  const steps = [
    await run(output, 'eslint', bin('eslint'), ['.', '--max-warnings=0']),
    await run(output, 'prettier', bin('prettier'), ['--check', '.', '--log-level=warn']),
  ]
  for (const tsconfig of tsconfigs) {
    steps.push(await run(output, `typecheck ${tsconfig}`, bin('tsc'), ['-p', tsconfig, '--noEmit']))
  }
  // WeChat's own compile of the project, Babel and SWC (npm run compile-check).
  steps.push(await run(output, 'compile-check', bin('tsx'), ['scripts/compile-check.ts']))
  return steps
}

async function main(): Promise<void> {
  const jestArgs = process.argv.slice(2)
  let steps: StepResult[] = []
  let counts: JestCount[]
  if (jestArgs.length > 0) {
    counts = [await jest(terminal(), 'jest', jestArgs)]
  } else {
    const shown = terminal()
    const kept = keptInFile('other-projects')
    const [phones, others] = await Promise.all([
      (async () => {
        steps = await staticChecks(shown)
        return jest(shown, 'jest-phones', ['--selectProjects', ...PHONE_PROJECTS])
      })(),
      jest(kept, 'jest-others', ['--selectProjects', ...otherProjects()]).finally(() =>
        kept.finish(),
      ),
    ])
    process.stdout.write(readFileSync(kept.file, 'utf8'))
    counts = [phones, others]
  }

  const failedSteps = steps.filter((step) => !step.ok)
  const passed =
    counts.reduce((sum, count) => sum + count.passed, 0) + steps.length - failedSteps.length
  const failed = counts.reduce((sum, count) => sum + count.failed, 0) + failedSteps.length
  if (failedSteps.length > 0)
    console.log(`\nFailed checks: ${failedSteps.map((s) => s.name).join(', ')}`)
  console.log(`\n${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

void main()
