/**
 * The release as it is uploaded: the repository staged as a DevTools project with release settings (the
 * TypeScript sources and packed npm, exactly what DevTools would upload), the release app server written into
 * it, and WeChat's own compile of it checked by preflight before anything leaves the machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readJsonFile } from './mini-package'
import { runPreflight, type PreflightReport, type ProjectConfig } from './preflight-checks'
import { releaseOverridesModuleSource } from './release-config'
import { compileWithWechat, WechatCompileError } from './wechat-compile'
import {
  LOCAL_OVERRIDES_FILE,
  repoRoot,
  stageDevtoolsProject,
  type DevtoolsProjectConfig,
  type StagedProject,
} from './wechat-project'

export const developmentConfigPath = path.join(repoRoot, 'project.config.json')

/** The release app server, when not given as `--app-server`. */
export const RELEASE_APP_SERVER_ENV = 'RELEASE_APP_SERVER_URL'

export function readDevelopmentConfig(): ProjectConfig {
  return readJsonFile<ProjectConfig>(developmentConfigPath)
}

/** Domain checking goes back on (devices enforce it anyway); the upload key's own app ID when given. */
export function releaseProjectConfig(
  development: DevtoolsProjectConfig,
  appid?: string,
): DevtoolsProjectConfig {
  return {
    ...development,
    appid: appid ?? development.appid,
    setting: { ...(development.setting ?? {}), urlCheck: true },
  }
}

export interface ReleaseOptions {
  stagingDir?: string
  appid?: string
  /** The production app server (an https URL on the app's registered request domain). */
  appServerUrl?: string
  log?: (line: string) => void
}

export async function stageRelease(options: ReleaseOptions = {}): Promise<StagedProject> {
  if (options.appServerUrl !== undefined) {
    try {
      new URL(options.appServerUrl)
    } catch (_notAUrl) {
      throw new Error(`--app-server must be an absolute URL, got "${options.appServerUrl}"`)
    }
  }
  const staged = await stageDevtoolsProject({
    projectDir: options.stagingDir,
    config: (development) => releaseProjectConfig(development, options.appid),
    log: options.log,
  })
  if (options.appServerUrl !== undefined) {
    const appServerUrl = options.appServerUrl.replace(/\/+$/, '')
    writeFileSync(
      path.join(staged.miniprogramDir, LOCAL_OVERRIDES_FILE),
      releaseOverridesModuleSource(appServerUrl),
    )
    options.log?.(`release app server: ${appServerUrl}`)
  }
  return staged
}

export interface ReleaseCheck extends PreflightReport {
  /** What the upload would send, as WeChat's compiler produced it (empty when it refused the project). */
  files: string[]
}

/**
 * WeChat's compile of the project (as project.config.json configures it, exactly what `ci.upload` compiles),
 * then preflight on the compiled files. The compiled copy is removed afterwards.
 */
export async function compileAndPreflight(
  projectDir: string,
  developmentConfig?: ProjectConfig,
): Promise<ReleaseCheck> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'release-compiled-'))
  try {
    let files: string[]
    try {
      files = (await compileWithWechat(projectDir, outDir)).files
    } catch (error) {
      if (!(error instanceof WechatCompileError)) throw error
      const check = {
        name: "WeChat's compiler (miniprogram-ci)",
        problems: [`code ${error.code ?? '?'}: ${error.compilerMessage.trim()}`],
        notes: [],
      }
      return { checks: [check], ok: false, files: [] }
    }
    const compiler = {
      name: "WeChat's compiler (miniprogram-ci)",
      problems: [],
      notes: [`${files.length} files would be uploaded`],
    }
    const report = runPreflight({ projectDir, packageDir: outDir, developmentConfig })
    return { checks: [compiler, ...report.checks], ok: report.ok, files }
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}
