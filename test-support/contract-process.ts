/**
 * Starts one of the project's command-line services (`npm run local-im`, `npm run server`, `npm run host`)
 * as a child process and waits for the single "ready" line its contract promises. Used by `npm start`, the
 * benches and the e2e and live-preview specs, so all exercise the exact commands that outside tools rely on.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { pathToFileURL } from 'node:url'
import { BASE_TIMEOUTS, scaled } from './timeouts'

export const repoRoot = path.resolve(__dirname, '..')

/**
 * `node --import tsx …` with tsx found from here, whatever the working directory: one Node process running a
 * TypeScript entry, with nothing between the caller and it (see startContractProcess).
 */
export function nodeWithTsx(args: string[]): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ['--import', pathToFileURL(require.resolve('tsx')).href, ...args],
  }
}

export interface ContractProcess {
  /** The whole ready line, e.g. `server listening http://127.0.0.1:41234`. */
  readyLine: string
  /** The capture groups of the ready pattern. */
  match: RegExpMatchArray
  child: ChildProcess
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>
}

export interface StartOptions {
  /** npm script name, e.g. `local-im`. */
  script: string
  args: string[]
  ready: RegExp
  env?: NodeJS.ProcessEnv
  /** Shown in error messages and, when `echo` is set, in front of each output line. */
  label: string
  echo?: boolean
  /** How long the ready line may take, before scaling (default: the policy's `processStart`). */
  startTimeoutMs?: number
}

/**
 * Runs the npm script's entry (`tsx <entry>`) in one Node process with tsx as a loader
 * (`node --import tsx <entry>`), so that nothing stands between us and the service: npm would put a shell there
 * (a SIGTERM to the shell does not reach the service), and the `tsx` command a process of its own that relays
 * SIGINT/SIGTERM and SIGKILLs the service when it has not confirmed the signal within 30 ms, which a busy
 * machine misses (the service then never runs its own shutdown).
 */
export async function startContractProcess(options: StartOptions): Promise<ContractProcess> {
  const entry = scriptEntry(options.script)
  const node = nodeWithTsx([entry, ...options.args])
  const child = spawn(node.command, node.args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const recentOutput: string[] = []
  const remember = (line: string) => {
    recentOutput.push(line)
    if (recentOutput.length > 40) recentOutput.shift()
    if (options.echo) console.log(`[${options.label}] ${line}`)
  }
  readline.createInterface({ input: child.stderr! }).on('line', remember)
  const stdout = readline.createInterface({ input: child.stdout! })

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const startTimeoutMs = scaled(options.startTimeoutMs ?? BASE_TIMEOUTS.processStart)
  const ready = new Promise<{ line: string; match: RegExpMatchArray }>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${options.label} did not print its ready line within ${startTimeoutMs} ms`))
    }, startTimeoutMs)
    stdout.on('line', (line) => {
      const match = line.match(options.ready)
      if (match) {
        clearTimeout(timer)
        resolve({ line, match })
      }
      remember(line)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(
        new Error(
          `${options.label} exited (${signal ?? code}) before it was ready:\n${recentOutput.join('\n')}`,
        ),
      )
    })
  })

  let readyResult: { line: string; match: RegExpMatchArray }
  try {
    readyResult = await ready
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }

  return {
    readyLine: readyResult.line,
    match: readyResult.match,
    child,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Reads `tsx <entry>` out of the root package.json so the script name stays the single source of truth. */
function scriptEntry(script: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(path.join(repoRoot, 'package.json')) as { scripts: Record<string, string> }
  const command = pkg.scripts[script]
  const match = command?.match(/^tsx (\S+)$/)
  if (!match?.[1])
    throw new Error(`npm script "${script}" is not of the form "tsx <entry>": ${command}`)
  return path.join(repoRoot, match[1])
}
