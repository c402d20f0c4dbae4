/**
 * Child process of wechat-compile.ts: compiles one DevTools project with miniprogram-ci's getCompiledResult,
 * offline, writes every file it would upload under `<outDir>` and prints one result line. Run it with the
 * working directory set to a throwaway folder: the compiler leaves a cache folder there.
 *
 * `tsx wechat-compile-worker.ts <projectDir> <outDir>`; the last stdout line is `RESULT_PREFIX` + JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type * as MiniprogramCi from 'miniprogram-ci'

export const RESULT_PREFIX = 'wechat-compile-result '

export type WorkerResult =
  | { ok: true; files: string[]; notices: string[] }
  | { ok: false; code: string | number | undefined; message: string; notices: string[] }

/** A loopback port nothing listens on: the proxy fails at once instead of waiting on a dropped packet. */
async function deadLocalPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function compile(projectDir: string, outDir: string): Promise<WorkerResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as typeof MiniprogramCi
  // Every request the compile still makes (the allowed-extension list) goes to a dead port; it then falls back
  // to its built-in list. Nothing leaves this machine.
  ci.proxy(`http://127.0.0.1:${await deadLocalPort()}`)
  // `attr` is the project's account attributes (limits, app type). The package's own fallback values stand in
  // for WeChat's answer, so no signed request is needed and the key is never used. The option exists (README,
  // 项目对象) but is missing from the package's typings, hence the variable.
  const options = {
    appid: 'touristappid',
    type: 'miniProgram' as const,
    projectPath: projectDir,
    privateKey: 'offline-compile-needs-no-key',
    attr: async () => ci.DefaultProjectAttr,
  }
  const project = new ci.Project(options)
  const notices: string[] = []
  try {
    const result = await ci.getCompiledResult({
      project,
      version: '0.0.0',
      setting: { useProjectConfig: true },
      onProgressUpdate: (task) => {
        if (typeof task === 'object' && task.status === 'warn') notices.push(task.message)
      },
    })
    const files = Object.keys(result).sort()
    for (const file of files) {
      const target = path.join(outDir, file)
      mkdirSync(path.dirname(target), { recursive: true })
      writeFileSync(target, result[file]!)
    }
    return { ok: true, files, notices }
  } catch (error) {
    const failure = error as { code?: string | number; message?: string }
    return { ok: false, code: failure.code, message: String(failure.message ?? error), notices }
  }
}

if (require.main === module) {
  const [projectDir, outDir] = process.argv.slice(2)
  if (!projectDir || !outDir) {
    console.error('usage: tsx wechat-compile-worker.ts <projectDir> <outDir>')
    process.exit(2)
  }
  compile(path.resolve(projectDir), path.resolve(outDir)).then(
    (result) => {
      console.log(`\n${RESULT_PREFIX}${JSON.stringify(result)}`)
      // The compiler forks a worker that keeps Node alive after the work is done.
      process.exit(0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
