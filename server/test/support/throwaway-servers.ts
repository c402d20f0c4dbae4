/**
 * Throwaway PostgreSQL and Redis servers from Debian's packages for tests and benchmarks: each runs
 * from a fresh temp dir on a free loopback port and is removed by `stop()`. initdb and postgres
 * refuse to run as root (CI runs as root), so there they run as the `postgres` system user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { BASE_TIMEOUTS, waitUntil } from '@tim-c2c/test-support'

const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin'

export interface RunningService {
  url: string
  port: number
  stop(): Promise<void>
}

/** A port nothing listens on right now (the OS picks it; the server binds it just after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/** argv prefixed to run as the postgres user when we are root. */
function asPostgresUser(argv: string[]): string[] {
  return isRoot() ? ['runuser', '-u', 'postgres', '--', ...argv] : argv
}

function postgresUserIDs(): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim())
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error('no postgres system user: install Debian package postgresql')
  }
  return { uid, gid }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Until `probe` succeeds (test-support's wait, bounded by `timeoutMs` before scaling); an exit fails at once. */
async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  await waitUntil(
    `${what} to become ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`)
      return probe()
    },
    { timeoutMs, pollMs: 50, failOnError: true },
  )
}

export async function startPostgres(options: { timeoutMs?: number } = {}): Promise<RunningService> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tim-pg-'))
  const dataDir = path.join(root, 'data')
  if (isRoot()) {
    const { uid, gid } = postgresUserIDs()
    chownSync(root, uid, gid)
  }
  const remove = () => rmSync(root, { recursive: true, force: true })
  const [initdb, ...initArgs] = asPostgresUser([
    path.join(POSTGRES_BIN, 'initdb'),
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-sync',
  ])
  const init = spawnSync(initdb as string, initArgs, { encoding: 'utf8' })
  if (init.status !== 0) {
    remove()
    throw new Error(`initdb failed (${init.status}): ${init.stderr}`)
  }
  const port = await freePort()
  const [postgres, ...args] = asPostgresUser([
    path.join(POSTGRES_BIN, 'postgres'),
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    root,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ])
  const child = spawn(postgres as string, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000)
  })
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const stop = async () => {
    // SIGINT is PostgreSQL's fast shutdown. It goes to the postmaster itself (its PID is the first
    // line of postmaster.pid): runuser, in between when we are root, would turn it into SIGTERM.
    let postmaster: number | undefined
    try {
      postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    } catch (_notStartedYet) {
      postmaster = undefined
    }
    if (postmaster !== undefined && Number.isInteger(postmaster) && postmaster > 0) {
      try {
        process.kill(postmaster, 'SIGINT')
      } catch (_alreadyGone) {
        child.kill('SIGINT')
      }
    } else {
      child.kill('SIGINT')
    }
    await exited(child)
    remove()
  }
  try {
    await waitFor(
      'postgres',
      async () => {
        const client = new pg.Client({ connectionString: url })
        try {
          await client.connect()
          await client.query('select 1')
          return true
        } catch (_notReadyYet) {
          return false
        } finally {
          await client.end().catch((_neverConnected: unknown) => undefined)
        }
      },
      child,
      options.timeoutMs ?? BASE_TIMEOUTS.slowCondition,
    )
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n${log}`)
  }
  return { url, port, stop }
}

/** A fresh empty database on a running cluster, so tests sharing one cluster never see each other's rows. */
export async function createDatabase(clusterUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: clusterUrl })
  await client.connect()
  try {
    await client.query(`create database "${name.replace(/[^a-z0-9_]/g, '_')}"`)
  } finally {
    await client.end()
  }
  const url = new URL(clusterUrl)
  url.pathname = `/${name.replace(/[^a-z0-9_]/g, '_')}`
  return url.toString()
}

export async function startRedis(options: { timeoutMs?: number } = {}): Promise<RunningService> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tim-redis-'))
  const port = await freePort()
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      root,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let ready = false
  let log = ''
  const watch = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000)
    if (log.includes('Ready to accept connections')) ready = true
  }
  child.stdout?.on('data', watch)
  child.stderr?.on('data', watch)
  const stop = async () => {
    child.kill('SIGTERM')
    await exited(child)
    rmSync(root, { recursive: true, force: true })
  }
  try {
    await waitFor(
      'redis-server',
      async () => ready,
      child,
      options.timeoutMs ?? BASE_TIMEOUTS.condition,
    )
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n${log}`)
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop }
}
