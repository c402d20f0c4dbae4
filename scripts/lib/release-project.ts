/**
 * The release package as it is uploaded: a fresh build with no local overrides, wrapped in a project folder
 * whose project.config.json is derived from the development one with release settings.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildMiniprogram, repoRoot } from './build-miniprogram'
import { readJsonFile } from './mini-package'
import type { ProjectConfig } from './preflight-checks'

export const developmentConfigPath = path.join(repoRoot, 'project.config.json')

export function readDevelopmentConfig(): ProjectConfig {
  return readJsonFile<ProjectConfig>(developmentConfigPath)
}

/**
 * The code is already compiled and npm already packed, so the TypeScript plugin and npm packing are off;
 * domain checking goes back on because devices enforce it anyway.
 */
export function releaseProjectConfig(development: ProjectConfig, appid?: string): ProjectConfig {
  const setting = { ...(development.setting ?? {}) }
  setting.urlCheck = true
  delete setting.useCompilerPlugins
  delete setting.packNpmManually
  delete setting.packNpmRelationList
  return {
    ...development,
    appid: appid ?? development.appid,
    miniprogramRoot: 'miniprogram/',
    srcMiniprogramRoot: 'miniprogram/',
    setting,
  }
}

export interface StagedRelease {
  projectDir: string
  miniprogramDir: string
}

export async function stageRelease(options: {
  stagingDir?: string
  appid?: string
  log?: (line: string) => void
}): Promise<StagedRelease> {
  const projectDir = options.stagingDir ?? mkdtempSync(path.join(tmpdir(), 'tim-c2c-release-'))
  mkdirSync(projectDir, { recursive: true })
  const miniprogramDir = path.join(projectDir, 'miniprogram')
  await buildMiniprogram({ outDir: miniprogramDir, log: options.log })
  const config = releaseProjectConfig(readDevelopmentConfig(), options.appid)
  writeFileSync(
    path.join(projectDir, 'project.config.json'),
    `${JSON.stringify(config, null, 2)}\n`,
  )
  return { projectDir, miniprogramDir }
}
