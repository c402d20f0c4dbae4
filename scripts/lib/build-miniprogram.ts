/**
 * Builds the mini-program into a folder the headless host and DevTools can load, with one of two compilers:
 * - `tsc` (default): TypeScript through tsc with the root tsconfig.json, the static files copied alongside, and
 *   `miniprogram_npm` built by miniprogram-ci's packNpmManually (offline, no key needed);
 * - `wechat`: WeChat's own compile of the project through miniprogram-ci (TypeScript plugin, ES6→ES5 through
 *   Babel or SWC), i.e. exactly the files `npm run upload` sends.
 */
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import type * as MiniprogramCi from 'miniprogram-ci'
import { listFiles } from './mini-package'
import { moveSubpackageNpm } from './subpackage-npm'
import { compileWithWechat } from './wechat-compile'
import { stageDevtoolsProject, withEs5Transform, type Es5Transform } from './wechat-project'

export const repoRoot = path.resolve(__dirname, '..', '..')
export const sourceDir = path.join(repoRoot, 'miniprogram')
export const defaultOutDir = path.join(repoRoot, 'build', 'miniprogram')

/** Files the platform ships besides compiled JS. */
const STATIC_EXTENSIONS = new Set([
  '.wxml',
  '.wxss',
  '.wxs',
  '.json',
  '.png',
  '.jpg',
  '.jpeg',
  '.svg',
])

export interface LocalOverrides {
  appServerBaseUrl?: string
  imProxyServer?: string
}

export type MiniprogramCompiler = 'tsc' | 'wechat'

export interface BuildOptions {
  outDir?: string
  overrides?: LocalOverrides
  compiler?: MiniprogramCompiler
  /** With the `wechat` compiler: the ES6→ES5 path; project.config.json's own choice by default. */
  es5?: Es5Transform
  log?: (line: string) => void
}

export interface BuildResult {
  outDir: string
  compiler: MiniprogramCompiler
  files: number
}

/** Test specs, test configs and anything DevTools would not upload stay out of the package. */
export function isShippedSource(relativePath: string): boolean {
  const parts = relativePath.split('/')
  if (parts.includes('__tests__') || parts.includes('miniprogram_npm')) return false
  const base = parts[parts.length - 1]!
  if (/^tsconfig.*\.json$/.test(base) || base === 'jest.config.js') return false
  return STATIC_EXTENSIONS.has(path.extname(base))
}

/**
 * Only a folder we built before (or an empty/new one) is wiped, so a mistyped `--out` cannot delete
 * something else.
 */
function prepareOutDir(outDir: string): void {
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir)
    if (entries.length > 0 && !entries.includes('app.json')) {
      throw new Error(
        `refusing to build into ${outDir}: it is not empty and does not look like an earlier build`,
      )
    }
    rmSync(outDir, { recursive: true, force: true })
  }
  mkdirSync(outDir, { recursive: true })
}

function validateUrl(value: string, flag: string, protocols: string[]): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${flag} must be an absolute URL, got "${value}"`)
  }
  if (!protocols.includes(url.protocol)) {
    throw new Error(`${flag} must use ${protocols.join(' or ')}, got "${value}"`)
  }
  return value.replace(/\/+$/, '')
}

export function overridesModuleSource(overrides: LocalOverrides): string {
  const clean: LocalOverrides = {}
  if (overrides.appServerBaseUrl) {
    clean.appServerBaseUrl = validateUrl(overrides.appServerBaseUrl, '--app-server', [
      'http:',
      'https:',
    ])
  }
  if (overrides.imProxyServer) {
    clean.imProxyServer = validateUrl(overrides.imProxyServer, '--im-proxy', ['ws:', 'wss:'])
  }
  return [
    '// Written by `npm run build` (--app-server / --im-proxy): local-mode endpoints for this build only.',
    `module.exports = ${JSON.stringify(clean, null, 2)}`,
    '',
  ].join('\n')
}

export async function buildMiniprogram(options: BuildOptions = {}): Promise<BuildResult> {
  const log = options.log ?? (() => undefined)
  const outDir = path.resolve(options.outDir ?? defaultOutDir)
  const compiler = options.compiler ?? 'tsc'
  // Validate flags before touching the disk.
  const overridesSource =
    options.overrides && (options.overrides.appServerBaseUrl || options.overrides.imProxyServer)
      ? overridesModuleSource(options.overrides)
      : null
  prepareOutDir(outDir)

  if (compiler === 'wechat') await compileOfficially(outDir, options.es5, log)
  else await compileWithTsc(outDir, log)

  if (overridesSource) {
    const target = path.join(outDir, 'config', 'local-overrides.js')
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, overridesSource)
    log(`wrote config/local-overrides.js`)
  }
  return { outDir, compiler, files: listFiles(outDir).length }
}

async function compileWithTsc(outDir: string, log: (line: string) => void): Promise<void> {
  log(`tsc -p tsconfig.json → ${path.relative(repoRoot, outDir) || outDir}`)
  const tsc = spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'tsc'),
    // Comments are for readers of the source; the package counts every byte against its budget.
    ['-p', path.join(repoRoot, 'tsconfig.json'), '--outDir', outDir, '--removeComments'],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  if (tsc.status !== 0) {
    throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`)
  }

  let copiedFiles = 0
  for (const file of listFiles(sourceDir)) {
    if (!isShippedSource(file)) continue
    const target = path.join(outDir, file)
    mkdirSync(path.dirname(target), { recursive: true })
    copyFileSync(path.join(sourceDir, file), target)
    copiedFiles += 1
  }
  log(`copied ${copiedFiles} wxml/wxss/json/image files`)

  // miniprogram-ci is large; load it only when a build actually runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as typeof MiniprogramCi
  const packed = await ci.packNpmManually({
    packageJsonPath: path.join(repoRoot, 'package.json'),
    miniprogramNpmDistDir: outDir,
  })
  if (packed.warnList.length > 0) {
    throw new Error(`packNpmManually warned:\n${JSON.stringify(packed.warnList, null, 2)}`)
  }
  // Source maps are for debugging; the release package and the size budget are the code itself.
  const npmDir = path.join(outDir, 'miniprogram_npm')
  if (existsSync(npmDir)) {
    for (const file of listFiles(npmDir)) {
      if (file.endsWith('.map')) unlinkSync(path.join(npmDir, file))
    }
  }
  log(`miniprogram_npm: ${packed.miniProgramPackNum + packed.otherNpmPackNum} packages`)
  for (const moved of moveSubpackageNpm(outDir)) log(`moved ${moved}`)
}

/** The repository staged as DevTools sees it, compiled by miniprogram-ci straight into `outDir`. */
async function compileOfficially(
  outDir: string,
  es5: Es5Transform | undefined,
  log: (line: string) => void,
): Promise<void> {
  const staged = await stageDevtoolsProject({ log })
  try {
    if (es5) staged.writeConfig(withEs5Transform(staged.config, es5))
    const compiled = await compileWithWechat(staged.projectDir, outDir)
    log(
      `miniprogram-ci compiled ${compiled.files.length} files in ${(compiled.durationMs / 1000).toFixed(1)} s`,
    )
  } finally {
    rmSync(staged.projectDir, { recursive: true, force: true })
  }
}
