// Everything `npm start` runs: the local stack, the mini-program built against it, one headless host per phone
// (each in its own process, as the host's component registry is process-global, and with its own storage) and
// the preview page that shows them side by side.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  startContractProcess,
  startLocalStack,
  type ContractProcess,
  type LocalStack,
} from '@tim-c2c/test-support'
import { buildMiniProgram } from '../../../scripts/lib/local-stack'
import { HostLink } from './host-link'
import { startPreviewServer, type PreviewServer } from './preview-server'

export interface LivePreviewOptions {
  /** The preview page's port (0: any free port). */
  port: number
  localImPort: number
  appServerPort: number
  /** Where the local IM keeps its data between runs. */
  dataDir: string
  phones?: string[]
  /** Progress lines ("building the mini-program…"). */
  log?: (line: string) => void
  /** Aborting it while starting stops what has started and rejects (Ctrl-C during the build). */
  signal?: AbortSignal
}

export interface LivePreview {
  url: string
  stack: LocalStack
  buildDir: string
  phones: { name: string; wsEndpoint: string }[]
  stop(): Promise<void>
}

export async function startLivePreview(options: LivePreviewOptions): Promise<LivePreview> {
  const log = options.log ?? (() => undefined)
  const names = options.phones ?? ['alice', 'bob']
  // Undone in reverse order when a later step fails or on stop, so nothing outlives `npm start`.
  const cleanups: (() => Promise<void> | void)[] = []
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch (error) {
        console.error(`while stopping: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  try {
    log('starting the local IM and the app server…')
    const stack = await startLocalStack({
      localImPort: options.localImPort,
      appServerPort: options.appServerPort,
      dataDir: options.dataDir,
    })
    cleanups.push(() => stack.stop())

    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-preview-'))
    cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }))
    const buildDir = path.join(workDir, 'build')
    log('building the mini-program against it…')
    options.signal?.throwIfAborted()
    await buildMiniProgram(buildDir, stack, options.signal)
    options.signal?.throwIfAborted()

    log(`starting ${names.length} headless hosts (${names.join(', ')})…`)
    const hosts = await Promise.allSettled(
      names.map((name) =>
        startContractProcess({
          script: 'host',
          label: `host ${name}`,
          args: [
            '--project',
            buildDir,
            '--port',
            '0',
            '--storage',
            path.join(workDir, `${name}-storage.json`),
          ],
          ready: /^host listening (ws:\/\/127\.0\.0\.1:\d+)$/,
        }),
      ),
    )
    for (const host of hosts)
      if (host.status === 'fulfilled') cleanups.push(() => host.value.stop())
    const failed = hosts.find((host) => host.status === 'rejected')
    if (failed) throw failed.reason
    const processes = hosts.map((host) => (host as PromiseFulfilledResult<ContractProcess>).value)
    const phones = names.map((name, index) => ({
      name,
      wsEndpoint: processes[index]!.match[1]!,
    }))

    options.signal?.throwIfAborted()
    const links = await Promise.all(phones.map((phone) => HostLink.connect(phone.wsEndpoint)))
    cleanups.push(() => links.forEach((link) => link.close()))
    const preview: PreviewServer = await startPreviewServer(
      phones.map((phone, index) => ({ name: phone.name, link: links[index]! })),
      options.port,
    )
    cleanups.push(() => preview.close())
    options.signal?.throwIfAborted()

    return { url: preview.url, stack, buildDir, phones, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
