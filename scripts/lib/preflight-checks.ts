/**
 * What WeChat review and the platform reject, checked on a release project before it is uploaded: its
 * project.config.json and the files the upload sends (WeChat's compile of it, or an already built folder).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { formatChecks, type CheckResult } from './checks'
import { checkScripts, checkShippedFiles, checkWxml } from './compiled-output-checks'
import {
  formatKb,
  listFiles,
  measurePackages,
  readAppJson,
  readJsonFile,
  subPackagesOf,
  type AppJson,
} from './mini-package'
import { checkReleaseConfig } from './release-config'

export interface ProjectConfig {
  appid?: string
  miniprogramRoot?: string
  setting?: { urlCheck?: boolean; [key: string]: unknown }
  [key: string]: unknown
}

export interface PreflightReport {
  checks: CheckResult[]
  ok: boolean
}

/** Calls a privacy-protected API or component (field-research §3.5); their presence makes the flow mandatory. */
const PRIVACY_API_PATTERN = /\bwx\.(chooseMedia|chooseImage|setClipboardData|getClipboardData)\b/
const PRIVACY_WXML_PATTERN = /open-type="chooseAvatar"|type="nickname"/

function componentFilesProblems(dir: string, base: string, label: string): string[] {
  const missing = ['.js', '.wxml'].filter((ext) => !existsSync(path.join(dir, base + ext)))
  return missing.length > 0 ? [`${label} "${base}" is missing ${missing.join(', ')}`] : []
}

/** The npm names under which WeChat's extended libraries (app.json `useExtendedLib`) provide components. */
const EXTENDED_LIBRARY_PACKAGES: Record<string, string> = { weui: 'weui-miniprogram' }

/** The packages the platform provides for this app: their components are not in the upload. */
function extendedPackagesOf(appJson: AppJson): string[] {
  const libraries = (appJson.useExtendedLib ?? {}) as Record<string, unknown>
  return Object.entries(libraries)
    .filter(([name, on]) => on && EXTENDED_LIBRARY_PACKAGES[name])
    .map(([name]) => EXTENDED_LIBRARY_PACKAGES[name]!)
}

/**
 * Resolves a `usingComponents` value the way the platform does; null for plugin components and for an extended
 * library's (`weui-miniprogram/…`, which WeChat's compiler writes as `/miniprogram_npm/weui-miniprogram/…`).
 */
function resolveComponent(fromJson: string, value: string, provided: string[]): string[] | null {
  if (value.startsWith('plugin://') || value.startsWith('plugin-private://')) return null
  const npmName = value.replace(/^\/miniprogram_npm\//, '')
  if (provided.some((name) => npmName.startsWith(`${name}/`))) return null
  if (value.startsWith('/')) return [value.slice(1)]
  if (value.startsWith('.')) return [path.posix.join(path.posix.dirname(fromJson), value)]
  // A bare name is an npm component inside miniprogram_npm.
  return [`miniprogram_npm/${value}`, `miniprogram_npm/${value}/index`]
}

export function checkPagesAndComponents(dir: string, appJson: AppJson): CheckResult {
  const result: CheckResult = {
    name: 'pages and components in app.json exist',
    problems: [],
    notes: [],
  }
  const pages = [...appJson.pages]
  for (const sub of subPackagesOf(appJson)) {
    const root = sub.root.replace(/^\/+|\/+$/g, '')
    for (const page of sub.pages) pages.push(`${root}/${page}`)
  }
  for (const tab of appJson.tabBar?.list ?? []) {
    if (!appJson.pages.includes(tab.pagePath)) {
      result.problems.push(`tabBar page "${tab.pagePath}" is not in the main package's "pages"`)
    }
  }

  const provided = extendedPackagesOf(appJson)
  const seen = new Set<string>()
  const queue: { base: string; kind: 'page' | 'component'; via: string }[] = []
  for (const page of pages) {
    queue.push({ base: page, kind: 'page', via: 'app.json' })
  }
  const appComponents = appJson.usingComponents ?? {}
  for (const [tag, value] of Object.entries(appComponents)) {
    const candidates = resolveComponent('app.json', value, provided)
    if (candidates) queue.push(candidateEntry(dir, candidates, `app.json <${tag}>`))
  }

  while (queue.length > 0) {
    const item = queue.shift()!
    if (seen.has(item.base)) continue
    seen.add(item.base)
    const label = item.kind === 'page' ? 'page' : `component (used by ${item.via})`
    const fileProblems = componentFilesProblems(dir, item.base, label)
    result.problems.push(...fileProblems)
    const jsonPath = path.join(dir, `${item.base}.json`)
    if (!existsSync(jsonPath)) {
      if (item.kind === 'component') {
        result.problems.push(`component "${item.base}" (used by ${item.via}) has no .json`)
      }
      continue
    }
    let json: { component?: boolean; usingComponents?: Record<string, string> }
    try {
      json = readJsonFile(jsonPath)
    } catch (error) {
      result.problems.push((error as Error).message)
      continue
    }
    if (item.kind === 'component' && json.component !== true) {
      result.problems.push(`component "${item.base}" does not declare "component": true`)
    }
    for (const [tag, value] of Object.entries(json.usingComponents ?? {})) {
      const candidates = resolveComponent(`${item.base}.json`, value, provided)
      if (candidates) queue.push(candidateEntry(dir, candidates, `${item.base} <${tag}>`))
    }
  }
  result.notes.push(`${pages.length} pages, ${seen.size - pages.length} components`)
  return result
}

function candidateEntry(dir: string, candidates: string[], via: string) {
  const found = candidates.find((base) => existsSync(path.join(dir, `${base}.json`)))
  return { base: found ?? candidates[0]!, kind: 'component' as const, via }
}

export function checkSizes(dir: string): CheckResult {
  const result: CheckResult = { name: 'package sizes', problems: [], notes: [] }
  for (const size of measurePackages(dir)) {
    const line = `${size.name}: ${formatKb(size.bytes)} (${size.inclusive ? '≤' : '<'} ${formatKb(size.limitBytes)})`
    if (size.ok) result.notes.push(line)
    else result.problems.push(`${line} is over budget`)
  }
  return result
}

export function checkPrivacyFlow(dir: string): CheckResult {
  const result: CheckResult = { name: 'privacy authorization flow', problems: [], notes: [] }
  const files = listFiles(dir).filter((file) => !file.startsWith('miniprogram_npm/'))
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8')
  const js = files.filter((file) => file.endsWith('.js'))
  const wxml = files.filter((file) => file.endsWith('.wxml'))
  const usesPrivacy = [
    ...js.filter((file) => PRIVACY_API_PATTERN.test(read(file))),
    ...wxml.filter((file) => PRIVACY_WXML_PATTERN.test(read(file))),
  ]
  if (usesPrivacy.length === 0) {
    result.notes.push('no privacy-protected API is used')
    return result
  }
  result.notes.push(`privacy-protected APIs used in: ${usesPrivacy.join(', ')}`)
  if (!js.some((file) => /\bwx\.onNeedPrivacyAuthorization\b/.test(read(file)))) {
    result.problems.push('no page or component registers wx.onNeedPrivacyAuthorization')
  }
  if (!wxml.some((file) => /open-type="agreePrivacyAuthorization"/.test(read(file)))) {
    result.problems.push('no button with open-type="agreePrivacyAuthorization"')
  }
  return result
}

export function checkUrlCheck(projectConfig: ProjectConfig, developmentConfig?: ProjectConfig) {
  const result: CheckResult = { name: 'domain check (urlCheck)', problems: [], notes: [] }
  if (projectConfig.setting?.urlCheck === false) {
    result.problems.push(
      'the release project turns urlCheck off: that is for development in DevTools only',
    )
  } else result.notes.push('release project keeps urlCheck on')
  if (developmentConfig?.setting?.urlCheck === false) {
    result.notes.push('project.config.json turns it off for local development (DevTools only)')
  }
  return result
}

export interface PreflightOptions {
  /** A project folder: project.config.json and the mini-program under its miniprogramRoot. */
  projectDir: string
  /** The files the upload sends: WeChat's compile of the project; its miniprogramRoot by default. */
  packageDir?: string
  /** The development project config, reported for information. */
  developmentConfig?: ProjectConfig
}

export function runPreflight(options: PreflightOptions): PreflightReport {
  const configFile = path.join(options.projectDir, 'project.config.json')
  const checks: CheckResult[] = []
  let projectConfig: ProjectConfig
  try {
    projectConfig = readJsonFile<ProjectConfig>(configFile)
  } catch (error) {
    checks.push({ name: 'project.config.json', problems: [(error as Error).message], notes: [] })
    return { checks, ok: false }
  }
  const dir =
    options.packageDir ?? path.join(options.projectDir, projectConfig.miniprogramRoot ?? '')
  let appJson: AppJson
  try {
    appJson = readAppJson(dir)
  } catch (error) {
    checks.push({ name: 'app.json', problems: [(error as Error).message], notes: [] })
    return { checks, ok: false }
  }
  checks.push(checkPagesAndComponents(dir, appJson))
  checks.push(checkSizes(dir))
  checks.push(checkReleaseConfig(dir))
  checks.push(checkPrivacyFlow(dir))
  const es5 = Boolean(projectConfig.setting?.es6 || projectConfig.setting?.enhance)
  checks.push(checkScripts(dir, { expectEs5: es5 }))
  checks.push(checkWxml(dir))
  checks.push(checkShippedFiles(listFiles(dir)))
  checks.push(checkUrlCheck(projectConfig, options.developmentConfig))
  return { checks, ok: checks.every((check) => check.problems.length === 0) }
}

export function formatPreflightReport(report: PreflightReport): string {
  const problems = report.checks.reduce((n, check) => n + check.problems.length, 0)
  return [
    formatChecks(report.checks),
    report.ok ? 'preflight passed' : `preflight failed: ${problems} problem(s)`,
  ].join('\n')
}
