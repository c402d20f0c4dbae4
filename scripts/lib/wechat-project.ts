/**
 * A copy of the repository's DevTools project that WeChat's compiler (miniprogram-ci) can compile offline:
 * project.config.json, the TypeScript sources under miniprogramRoot exactly as DevTools sees them, and
 * `miniprogram_npm` packed first, as 工具 → 构建 npm would (packNpmRelationList).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type * as MiniprogramCi from 'miniprogram-ci'
import { readJsonFile } from './mini-package'
import { moveSubpackageNpm } from './subpackage-npm'

export const repoRoot = path.resolve(__dirname, '..', '..')

/** The two ES6→ES5 paths of WeChat's compiler: Babel (preset-env) or SWC. */
export type Es5Transform = 'babel' | 'swc'

export interface DevtoolsProjectConfig {
  appid?: string
  miniprogramRoot?: string
  setting?: {
    urlCheck?: boolean
    swc?: boolean
    disableSWC?: boolean | null
    ignoreUploadUnusedFiles?: boolean
    packNpmRelationList?: { packageJsonPath: string; miniprogramNpmDistDir: string }[]
    [key: string]: unknown
  }
  packOptions?: { ignore?: PackRule[]; include?: PackRule[] }
  [key: string]: unknown
}

export interface PackRule {
  type: 'folder' | 'file' | 'suffix' | 'prefix' | 'glob' | 'regexp'
  value: string
}

/**
 * Written by `npm run build -- --app-server/--im-proxy`, by a developer for DevTools, or by the release
 * staging (`--app-server` of preflight/upload). A developer's own copy is never compiled into a check or a release.
 */
export const LOCAL_OVERRIDES_FILE = 'config/local-overrides.js'

/**
 * Which ES6→ES5 path the compiler takes, as miniprogram-ci decides it (couldUseSWCMode): `disableSWC: false`,
 * or `disableSWC: null` with es6/enhance on, or `swc: true` without any disableSWC, means SWC; compileWorklet
 * forces Babel.
 */
export function es5TransformOf(config: DevtoolsProjectConfig): Es5Transform {
  const setting = config.setting ?? {}
  if (setting.compileWorklet) return 'babel'
  if (setting.disableSWC === false) return 'swc'
  if (setting.disableSWC === null && (setting.es6 || setting.enhance)) return 'swc'
  if (setting.disableSWC === undefined && setting.swc === true) return 'swc'
  return 'babel'
}

/** The project config with the ES6→ES5 path forced one way; everything else as it is. */
export function withEs5Transform(
  config: DevtoolsProjectConfig,
  transform: Es5Transform,
): DevtoolsProjectConfig {
  const setting = { ...(config.setting ?? {}) }
  delete setting.disableSWC
  if (transform === 'swc') setting.swc = true
  else delete setting.swc
  return { ...config, setting }
}

export function readRepositoryProjectConfig(): DevtoolsProjectConfig {
  return readJsonFile<DevtoolsProjectConfig>(path.join(repoRoot, 'project.config.json'))
}

export interface StagedProject {
  projectDir: string
  /** Absolute path of miniprogramRoot inside the staged project. */
  miniprogramDir: string
  config: DevtoolsProjectConfig
  /** Rewrites the staged project.config.json (e.g. to compile the same sources the other ES5 way). */
  writeConfig(config: DevtoolsProjectConfig): void
}

export interface StageOptions {
  /** Where to stage (created if missing, must be empty); a new temp folder by default. */
  projectDir?: string
  /** Changes to project.config.json for this staging (release settings, an ES5 path). */
  config?: (config: DevtoolsProjectConfig) => DevtoolsProjectConfig
  log?: (line: string) => void
}

function normalizeRoot(root: string | undefined): string {
  return (root ?? '').replace(/^\.?\/+/, '').replace(/\/+$/, '')
}

/**
 * Copies the project and packs npm into the copy. Generated folders (`miniprogram_npm`) and a local
 * `config/local-overrides.js` are left behind: npm is packed fresh, overrides are the caller's to write.
 */
export async function stageDevtoolsProject(options: StageOptions = {}): Promise<StagedProject> {
  const log = options.log ?? (() => undefined)
  const projectDir = options.projectDir ?? mkdtempSync(path.join(tmpdir(), 'wechat-project-'))
  mkdirSync(projectDir, { recursive: true })
  const sourceConfig = readJsonFile<DevtoolsProjectConfig>(
    path.join(repoRoot, 'project.config.json'),
  )
  const config = options.config ? options.config(sourceConfig) : sourceConfig
  const root = normalizeRoot(config.miniprogramRoot)
  const miniprogramDir = path.join(projectDir, root)

  const sourceMiniprogram = path.join(repoRoot, root)
  const skipped = new Set([
    path.join(sourceMiniprogram, LOCAL_OVERRIDES_FILE),
    path.join(sourceMiniprogram, 'node_modules'),
  ])
  if (existsSync(path.join(sourceMiniprogram, LOCAL_OVERRIDES_FILE))) {
    log(`left out ${root}/${LOCAL_OVERRIDES_FILE} (local only)`)
  }
  cpSync(sourceMiniprogram, miniprogramDir, {
    recursive: true,
    filter: (source) => !skipped.has(source) && path.basename(source) !== 'miniprogram_npm',
  })

  const writeConfig = (next: DevtoolsProjectConfig) =>
    writeFileSync(
      path.join(projectDir, 'project.config.json'),
      `${JSON.stringify(next, null, 2)}\n`,
    )
  writeConfig(config)

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as typeof MiniprogramCi
  const relations = config.setting?.packNpmRelationList ?? []
  for (const relation of relations) {
    const distDir = path.join(projectDir, relation.miniprogramNpmDistDir)
    const packed = await ci.packNpmManually({
      packageJsonPath: path.join(repoRoot, relation.packageJsonPath),
      miniprogramNpmDistDir: distDir,
    })
    if (packed.warnList.length > 0) {
      throw new Error(`packNpmManually warned:\n${JSON.stringify(packed.warnList, null, 2)}`)
    }
    log(
      `packed npm into ${path.relative(projectDir, distDir) || '.'}/miniprogram_npm: ${packed.miniProgramPackNum + packed.otherNpmPackNum} packages`,
    )
    for (const moved of moveSubpackageNpm(distDir)) log(`moved ${moved}`)
  }
  return { projectDir, miniprogramDir, config, writeConfig }
}
