/**
 * What WeChat review and the platform reject, checked on a staged release project before it is uploaded:
 * a project folder holding project.config.json and the built mini-program under its miniprogramRoot.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import {
  formatKb,
  listFiles,
  measurePackages,
  readAppJson,
  readJsonFile,
  subPackagesOf,
  type AppJson,
} from './mini-package'

export interface ProjectConfig {
  appid?: string
  miniprogramRoot?: string
  setting?: { urlCheck?: boolean; [key: string]: unknown }
  [key: string]: unknown
}

export interface CheckResult {
  name: string
  problems: string[]
  notes: string[]
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

/** Resolves a `usingComponents` value the way the platform does; null for plugin components. */
function resolveComponent(fromJson: string, value: string): string[] | null {
  if (value.startsWith('plugin://') || value.startsWith('plugin-private://')) return null
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

  const seen = new Set<string>()
  const queue: { base: string; kind: 'page' | 'component'; via: string }[] = []
  for (const page of pages) {
    queue.push({ base: page, kind: 'page', via: 'app.json' })
  }
  const appComponents = appJson.usingComponents ?? {}
  for (const [tag, value] of Object.entries(appComponents)) {
    const candidates = resolveComponent('app.json', value)
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
      const candidates = resolveComponent(`${item.base}.json`, value)
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

/** A URL a release build may contain: https/wss to a named host, never an IP address or localhost. */
export function releaseUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `"${value}" is not a URL`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'wss:') {
    return `"${value}" uses ${url.protocol.slice(0, -1)}; the platform only allows https and wss`
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) return `"${value}" is an IP address; trusted domains must be names`
  if (host === 'localhost' || host.endsWith('.localhost')) return `"${value}" points at localhost`
  return null
}

function collectStrings(value: unknown, at: string, out: { path: string; value: string }[]): void {
  if (typeof value === 'string') out.push({ path: at, value })
  else if (Array.isArray(value))
    value.forEach((item, i) => collectStrings(item, `${at}[${i}]`, out))
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectStrings(item, `${at}.${key}`, out)
  }
}

/**
 * Evaluates the built config module as a release build sees it (envVersion "release") and checks what it
 * would connect to. A fake `wx` answers only what a config module may ask at that point.
 */
export function checkReleaseConfig(dir: string): CheckResult {
  const result: CheckResult = { name: 'release configuration', problems: [], notes: [] }
  const overrides = path.join(dir, 'config', 'local-overrides.js')
  if (existsSync(overrides)) {
    result.problems.push(
      'config/local-overrides.js is in the package: it was built with --app-server/--im-proxy (local only)',
    )
  }
  const configFile = path.join(dir, 'config', 'index.js')
  if (!existsSync(configFile)) {
    result.problems.push(
      'config/index.js is missing: cannot tell what the release build connects to',
    )
    return result
  }
  const globals = globalThis as { wx?: unknown }
  const previousWx = globals.wx
  const fakeWx = new Proxy(
    {
      getAccountInfoSync: () => ({
        miniProgram: { appId: 'preflight', envVersion: 'release', version: '0.0.0' },
      }),
    } as Record<string, unknown>,
    { get: (target, key: string) => target[key] ?? (() => undefined) },
  )
  const before = new Set(Object.keys(require.cache))
  let config: unknown
  try {
    globals.wx = fakeWx
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const configModule = require(configFile) as { getConfig?: () => unknown }
    if (typeof configModule.getConfig !== 'function') {
      result.problems.push('config/index.js does not export getConfig()')
      return result
    }
    config = configModule.getConfig()
  } catch (error) {
    result.problems.push(`config/index.js failed in release mode: ${(error as Error).message}`)
    return result
  } finally {
    globals.wx = previousWx
    for (const key of Object.keys(require.cache)) {
      if (!before.has(key)) delete require.cache[key]
    }
  }
  const record = (config ?? {}) as Record<string, unknown>
  if (record.mode !== 'production') {
    result.problems.push(`release build runs in mode "${String(record.mode)}", not "production"`)
  }
  for (const key of ['imProxyServer', 'proxyServer']) {
    if (record[key] !== undefined && record[key] !== '') {
      result.problems.push(
        `release configuration sets ${key} (${String(record[key])}): local IM only`,
      )
    }
  }
  const strings: { path: string; value: string }[] = []
  collectStrings(config, 'config', strings)
  let urls = 0
  for (const entry of strings) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(entry.value)) continue
    urls += 1
    const problem = releaseUrlProblem(entry.value)
    if (problem) result.problems.push(`${entry.path}: ${problem}`)
    else if (/(^|\.)example\.(com|org|net)$/.test(new URL(entry.value).hostname)) {
      result.notes.push(`${entry.path} is a placeholder (${entry.value}): set your own domain`)
    } else result.notes.push(`${entry.path} = ${entry.value}`)
  }
  if (urls === 0) result.problems.push('release configuration has no server URL at all')
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
  /** A project folder: project.config.json + the built mini-program under its miniprogramRoot. */
  projectDir: string
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
  const dir = path.join(options.projectDir, projectConfig.miniprogramRoot ?? '')
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
  checks.push(checkUrlCheck(projectConfig, options.developmentConfig))
  return { checks, ok: checks.every((check) => check.problems.length === 0) }
}

/** One line per check (✔/✘), its problems and notes indented below it. */
export function formatChecks(checks: CheckResult[]): string {
  const lines: string[] = []
  for (const check of checks) {
    lines.push(`${check.problems.length === 0 ? '✔' : '✘'} ${check.name}`)
    for (const problem of check.problems) lines.push(`    ✘ ${problem}`)
    for (const note of check.notes) lines.push(`    · ${note}`)
  }
  return lines.join('\n')
}

export function formatPreflightReport(report: PreflightReport): string {
  const problems = report.checks.reduce((n, check) => n + check.problems.length, 0)
  return [
    formatChecks(report.checks),
    report.ok ? 'preflight passed' : `preflight failed: ${problems} problem(s)`,
  ].join('\n')
}
