// Shared by the test files: builds a fixture's miniprogram_npm and starts the host CLI as a child process,
// as the contract describes, then connects the unmodified automator client.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { waitUntil } from '@tim-c2c/test-support'
import automator from 'miniprogram-automator'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'

export const repoRoot = path.resolve(__dirname, '../../..')
export const fixturesDir = path.join(__dirname, 'fixtures')

/** What `npm run build` puts in miniprogram_npm for the two MobX packages, copied from node_modules. */
export function packFixtureNpm(projectDir: string): void {
  const target = path.join(projectDir, 'miniprogram_npm')
  const mobx = path.join(target, 'mobx-miniprogram')
  const bindings = path.join(target, 'mobx-miniprogram-bindings')
  fs.mkdirSync(mobx, { recursive: true })
  fs.copyFileSync(
    require.resolve('mobx-miniprogram/dist/mobx.cjs.production.min.js', { paths: [repoRoot] }),
    path.join(mobx, 'index.js'),
  )
  fs.cpSync(
    path.join(
      path.dirname(
        require.resolve('mobx-miniprogram-bindings/package.json', { paths: [repoRoot] }),
      ),
      'dist',
    ),
    bindings,
    {
      recursive: true,
    },
  )
}

/** The two IM SDKs as `npm run build` puts them in miniprogram_npm (their published mini-program builds). */
export function packSdkNpm(projectDir: string): void {
  const target = path.join(projectDir, 'miniprogram_npm')
  const place = (name: string, file: string): void => {
    fs.mkdirSync(path.join(target, name), { recursive: true })
    fs.copyFileSync(
      require.resolve(file, { paths: [repoRoot] }),
      path.join(target, name, 'index.js'),
    )
  }
  place('tim-wx-sdk', 'tim-wx-sdk/tim-wx.js')
  place('@tencentcloud/chat', '@tencentcloud/chat/index.js')
}

export interface RunningHost {
  process: ChildProcess
  port: number
  wsEndpoint: string
  stderr: () => string
  stop(): Promise<number | null>
}

export async function startHostProcess(
  projectDir: string,
  extraArgs: string[] = [],
): Promise<RunningHost> {
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx')
  const child = spawn(
    tsx,
    [path.join(__dirname, '../src/cli.ts'), '--project', projectDir, '--port', '0', ...extraArgs],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^host listening ws:\/\/127\.0\.0\.1:(\d+)$/m.exec(stdout)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) =>
      reject(new Error(`host exited with ${String(code)} before listening:\n${stderr}`)),
    )
  })
  return {
    process: child,
    port,
    wsEndpoint: `ws://127.0.0.1:${port}`,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      }),
  }
}

export async function connect(host: RunningHost): Promise<MiniProgram> {
  return automator.connect({ wsEndpoint: host.wsEndpoint })
}

/**
 * Polls a condition (the host's state changes asynchronously after real network I/O): test-support's wait, probing
 * again at once, a probe that throws failing the wait, bounded by the timeout policy.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  let last: T | undefined
  const found = await waitUntil(
    what,
    async () => {
      last = await probe()
      return accept(last) ? { value: last } : undefined
    },
    { pollMs: 0, failOnError: true, describeLast: () => last },
  )
  return found.value
}
