/**
 * The local IM as a child process, started through its CLI and contract line, so tests can
 * SIGKILL it and start it again on the same `--data` folder and port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { genUserSig } from '../src/usersig'

const CLI = join(__dirname, '..', 'src', 'cli.ts')
const CONTRACT = /^local-im listening (ws:\/\/\S+) (http:\/\/\S+)$/m

export interface ImProcessOptions {
  dataDir: string
  /** 0 (the default) picks a free port; pass the previous one to restart in place. */
  port?: number
  sdkAppID?: number
  secretKey?: string
  admin?: string
  /** More CLI flags (e.g. `--hello-interval 5`). */
  args?: string[]
  /** Where the child's stderr goes (default: dropped). */
  stderr?: 'inherit' | 'ignore'
}

export interface ImProcess {
  child: ChildProcess
  port: number
  wsUrl: string
  httpUrl: string
  sdkAppID: number
  admin: string
  genUserSig(userID: string, expireSeconds?: number): string
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>
  /** SIGKILL: no flush, no goodbye; resolves once the process is gone. */
  kill(): Promise<void>
  /** SIGTERM: the CLI closes sockets and flushes the store, then exits 0. */
  stop(): Promise<void>
}

const running = new Set<ImProcess>()

/** Starts `npm run local-im`'s CLI and resolves once it printed its contract line. */
export function startImProcess(options: ImProcessOptions): Promise<ImProcess> {
  const sdkAppID = options.sdkAppID ?? 1400000001
  const secretKey = options.secretKey ?? 'im-process-secret'
  const admin = options.admin ?? 'administrator'
  const args = [
    ...['--port', String(options.port ?? 0), '--sdkappid', String(sdkAppID)],
    ...['--secret-key', secretKey, '--admin', admin, '--data', options.dataDir],
    ...['--rest-rate-limit', '100000', '--log-level', 'warn', ...(options.args ?? [])],
  ]
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', options.stderr ?? 'ignore'],
  })
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = CONTRACT.exec(out)
      if (!match?.[1] || !match[2]) return
      child.stdout?.off('data', onData)
      const wsUrl = match[1]
      const im: ImProcess = {
        child,
        port: Number(new URL(wsUrl).port),
        wsUrl,
        httpUrl: match[2],
        sdkAppID,
        admin,
        genUserSig: (userID, expireSeconds = 86400) =>
          genUserSig(sdkAppID, secretKey, userID, expireSeconds),
        exited,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
          await exited
          running.delete(im)
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
          running.delete(im)
        },
      }
      running.add(im)
      resolve(im)
    }
    child.stdout?.on('data', onData)
    void exited.then((code) => reject(new Error(`local-im exited (${code}) before listening`)))
  })
}

/** SIGKILLs every IM process started and not yet gone (for afterEach). */
export async function killAllImProcesses(): Promise<void> {
  await Promise.all([...running].map((im) => im.kill()))
}
