/**
 * The one place that knows whether the specs drive the headless host (default) or WeChat DevTools
 * (`E2E_DEVTOOLS_CLI=<path to the DevTools cli>`). Everything mode-specific lives here: where the stack runs,
 * how a phone's MiniProgram is obtained, and which test-only controls exist.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import automator from 'miniprogram-automator'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import {
  DEFAULT_PORTS,
  repoRoot,
  startContractProcess,
  startLocalStack,
  type ContractProcess,
  type LocalStack,
  type LocalStackOptions,
} from '@tim-c2c/test-support'
import { overridesModuleSource } from '../../scripts/lib/build-miniprogram'

/** Handed from jest's globalSetup to the spec files through the environment. */
export const RUN_ENV = { runDir: 'E2E_RUN_DIR', buildDir: 'E2E_BUILD_DIR' } as const

export type E2eMode = { kind: 'host' } | { kind: 'devtools'; cliPath: string }

export function currentMode(): E2eMode {
  const cliPath = process.env.E2E_DEVTOOLS_CLI
  return cliPath ? { kind: 'devtools', cliPath } : { kind: 'host' }
}

export function runDir(): string {
  const dir = process.env[RUN_ENV.runDir]
  if (!dir)
    throw new Error(`${RUN_ENV.runDir} is not set: run the specs through jest (npm run e2e)`)
  return dir
}

/**
 * Free ports for the headless host. DevTools compiles the repository with its default local config, which
 * points at DEFAULT_PORTS, so in that mode the stack must sit exactly there.
 */
export function launchStack(options: Omit<LocalStackOptions, 'localImPort' | 'appServerPort'>) {
  const mode = currentMode()
  return startLocalStack(
    mode.kind === 'devtools'
      ? { ...options, localImPort: DEFAULT_PORTS.localIm, appServerPort: DEFAULT_PORTS.appServer }
      : options,
  )
}

/**
 * The run's single build, copied for one stack with that stack's addresses in config/local-overrides.js
 * (exactly what `npm run build -- --app-server … --im-proxy …` writes), plus any other config a scenario needs
 * (`appConfig`: miniprogram/config's ConfigOverrides, e.g. shorter reconnect limits).
 */
export function projectFor(
  stack: LocalStack,
  folder: string,
  appConfig: Record<string, unknown> = {},
): string {
  const buildDir = process.env[RUN_ENV.buildDir]
  if (!buildDir) throw new Error(`${RUN_ENV.buildDir} is not set: the e2e globalSetup did not run`)
  cpSync(buildDir, folder, { recursive: true })
  const extra = Object.keys(appConfig).length
    ? `Object.assign(module.exports, ${JSON.stringify(appConfig)})\n`
    : ''
  writeFileSync(
    path.join(folder, 'config', 'local-overrides.js'),
    overridesModuleSource({
      appServerBaseUrl: stack.appServer.url,
      imProxyServer: stack.localIm.wsUrl,
    }) + extra,
  )
  return folder
}

export interface Device {
  miniProgram: MiniProgram
  /** The host's test controls (network switch, background, chooseMedia files, UI state) exist. */
  hasHostControls: boolean
  close(): Promise<void>
}

let devtoolsPort = 9420

/** One phone: a headless host process (`npm run host`) or a DevTools instance, with the unmodified client. */
export async function openDevice(options: {
  projectDir?: string
  screenshotsDir: string
  label: string
  /** The phone's storage lives in this file, so a phone opened again finds what it saved. */
  storageFile?: string
  /** The phone starts without a network. */
  offline?: boolean
}): Promise<Device> {
  const mode = currentMode()
  if (mode.kind === 'devtools') {
    // Each DevTools automation session needs its own port; the project is the repository itself.
    const miniProgram = await automator.launch({
      cliPath: mode.cliPath,
      projectPath: repoRoot,
      port: devtoolsPort++,
      trustProject: true,
    })
    return {
      miniProgram,
      hasHostControls: false,
      close: () => miniProgram.close(),
    }
  }
  if (!options.projectDir) throw new Error('the headless host needs a built project folder')
  mkdirSync(options.screenshotsDir, { recursive: true })
  if (options.storageFile) mkdirSync(path.dirname(options.storageFile), { recursive: true })
  const host: ContractProcess = await startContractProcess({
    script: 'host',
    label: `host ${options.label}`,
    args: [
      '--project',
      options.projectDir,
      '--port',
      '0',
      '--screenshots',
      options.screenshotsDir,
      ...(options.storageFile ? ['--storage', options.storageFile] : []),
      ...(options.offline ? ['--offline'] : []),
    ],
    ready: /^host listening (ws:\/\/127\.0\.0\.1:\d+)$/,
    echo: process.env.E2E_ECHO === '1',
  })
  let miniProgram: MiniProgram
  try {
    miniProgram = await automator.connect({ wsEndpoint: host.match[1]! })
  } catch (error) {
    await host.stop()
    throw error
  }
  return {
    miniProgram,
    hasHostControls: true,
    async close() {
      // disconnect(), not close(): close() sleeps a second and the host process is stopped right after anyway.
      miniProgram.disconnect()
      await host.stop()
    },
  }
}
