/**
 * Builds the mini-program against a running local stack. The stack itself (`startLocalStack`, its development
 * credentials and default ports) lives in test-support.
 */
import { spawn } from 'node:child_process'
import { nodeWithTsx, repoRoot, type LocalStack } from '@tim-c2c/test-support'
import type { MiniprogramCompiler } from './build-miniprogram'

/**
 * Builds the mini-program into `outDir`, pointed at the given stack (`npm run build -- --out … --app-server …
 * --im-proxy … [--compiler wechat]`), without blocking the event loop so a Ctrl-C during the build is handled
 * at once; aborting `signal` stops the build and rejects once it has exited.
 */
export async function buildMiniProgram(
  outDir: string,
  stack?: Pick<LocalStack, 'localIm' | 'appServer'>,
  signal?: AbortSignal,
  compiler: MiniprogramCompiler = 'tsc',
): Promise<void> {
  // One Node process with tsx as a loader (see test-support/contract-process.ts): a stop reaches the build.
  const args = ['scripts/build.ts', '--out', outDir, '--compiler', compiler]
  if (stack) args.push('--app-server', stack.appServer.url, '--im-proxy', stack.localIm.wsUrl)
  signal?.throwIfAborted()
  const node = nodeWithTsx(args)
  const child = spawn(node.command, node.args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Stopped by hand rather than by spawn's own signal option, which settles before the build has exited.
  const abort = (): void => void child.kill('SIGTERM')
  signal?.addEventListener('abort', abort)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  }).finally(() => signal?.removeEventListener('abort', abort))
  signal?.throwIfAborted()
  if (code !== 0) throw new Error(`npm run build failed:\n${output}`)
}
