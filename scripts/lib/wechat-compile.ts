/**
 * WeChat's own compile of a DevTools project (miniprogram-ci getCompiledResult, offline): the files an upload
 * would send, written to a folder. Runs in a child process (wechat-compile-worker.ts) from a throwaway working
 * directory, because the compiler leaves a cache folder in it and keeps Node alive when it is done.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RESULT_PREFIX, type WorkerResult } from './wechat-compile-worker'
import { nodeWithTsx } from '@tim-c2c/test-support'

export class WechatCompileError extends Error {
  constructor(
    /** WeChat's error code, e.g. 10045 (script syntax), 10037 (WXSS), 10005/10006/10009 (JSON, pages). */
    readonly code: string | number | undefined,
    readonly compilerMessage: string,
  ) {
    super(`WeChat's compiler rejected the project (${code ?? 'no code'}):\n${compilerMessage}`)
  }
}

export interface WechatCompileResult {
  outDir: string
  /** Every file the compile produced, relative to outDir: exactly what an upload sends (less source maps). */
  files: string[]
  /** The compiler's warnings, e.g. which files packOptions.ignore or the unused-file analysis left out. */
  notices: string[]
  durationMs: number
}

/**
 * miniprogram-ci gives its forked compiler process 20 s to report ready and then fails with this message. On
 * two cores shared with other test runs that start-up can take longer; it says nothing about the project.
 */
const FORK_TIMEOUT_MESSAGE = 'fork process timeout'
const FORK_ATTEMPTS = 3

/** Compiles `projectDir` (a folder with project.config.json) into `outDir`, which must not exist yet or be empty. */
export async function compileWithWechat(
  projectDir: string,
  outDir: string,
  signal?: AbortSignal,
): Promise<WechatCompileResult> {
  mkdirSync(outDir, { recursive: true })
  if (readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty`)
  // The compiler never started on a timed-out try, so nothing was written and the project was not judged.
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await compileOnce(projectDir, outDir, signal)
      if (attempt === 1) return result
      const retried = `${FORK_TIMEOUT_MESSAGE} ${attempt - 1}× before this compile`
      return { ...result, notices: [retried, ...result.notices] }
    } catch (error) {
      const timedOut =
        error instanceof WechatCompileError && error.compilerMessage === FORK_TIMEOUT_MESSAGE
      if (!timedOut || attempt === FORK_ATTEMPTS) throw error
    }
  }
}

async function compileOnce(
  projectDir: string,
  outDir: string,
  signal?: AbortSignal,
): Promise<WechatCompileResult> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'wechat-compile-cwd-'))
  const started = Date.now()
  signal?.throwIfAborted()
  // node --import tsx, not the tsx command: an abort then reaches the worker itself (see test-support/contract-process.ts).
  const node = nodeWithTsx([path.join(__dirname, 'wechat-compile-worker.ts'), projectDir, outDir])
  const child = spawn(node.command, node.args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] })
  const abort = (): void => void child.kill('SIGTERM')
  signal?.addEventListener('abort', abort)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', resolve)
    })
    signal?.throwIfAborted()
    const line = output.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX))
    if (code !== 0 || !line) {
      throw new Error(`the miniprogram-ci compile process failed (exit ${code}):\n${output}`)
    }
    const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerResult
    if (!result.ok) throw new WechatCompileError(result.code, result.message)
    return {
      outDir,
      files: result.files,
      notices: result.notices,
      durationMs: Date.now() - started,
    }
  } finally {
    signal?.removeEventListener('abort', abort)
    rmSync(workDir, { recursive: true, force: true })
  }
}
