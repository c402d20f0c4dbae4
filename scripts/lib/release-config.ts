/**
 * Where a release build connects to. The app's config module (miniprogram/config) answers with
 * PRODUCTION_APP_SERVER_BASE_URL in release mode unless `config/local-overrides.js` exports
 * `productionAppServerBaseUrl`; the release staging writes exactly that file from `--app-server`. The check
 * evaluates the compiled config module as a phone would in release mode and judges every URL it returns.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import vm from 'node:vm'
import type { CheckResult } from './checks'
import { resolveRequire } from './compiled-output-checks'

/** The one key a release may set in config/local-overrides.js; the others point a build at a local stack. */
export const RELEASE_OVERRIDE_KEY = 'productionAppServerBaseUrl'
const LOCAL_ONLY_OVERRIDE_KEYS = ['appServerBaseUrl', 'imProxyServer', 'mode']

/** `module.exports = { productionAppServerBaseUrl }`, as the release staging writes it. */
export function releaseOverridesModuleSource(appServerUrl: string): string {
  return [
    '// Written by the release staging (npm run preflight/upload -- --app-server <url>): the release app server.',
    `module.exports = ${JSON.stringify({ [RELEASE_OVERRIDE_KEY]: appServerUrl }, null, 2)}`,
    '',
  ].join('\n')
}

/**
 * Names reserved for documentation and testing (RFC 2606, RFC 6761): a URL on one of them is a placeholder
 * that no phone can reach.
 */
export function isPlaceholderHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (/(^|\.)example\.(com|net|org)$/.test(host)) return true
  return /(^|\.)(example|invalid|test|localhost)$/.test(host)
}

/** A URL a release build may contain: https/wss to a real, named host; never an IP, localhost or a placeholder. */
export function releaseUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch (_notAUrl) {
    return `"${value}" is not a URL`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'wss:') {
    return `"${value}" uses ${url.protocol.slice(0, -1)}; the platform only allows https and wss`
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) return `"${value}" is an IP address; trusted domains must be names`
  if (host === 'localhost' || host.endsWith('.localhost')) return `"${value}" points at localhost`
  if (isPlaceholderHost(host)) {
    return `"${value}" is a placeholder domain, reserved for examples: no phone can reach it`
  }
  return null
}

const SET_IT = 'pass --app-server https://<your registered domain> to npm run preflight / upload'

/** The app server URL of a release: https only (it is a request domain), plus every rule above. */
export function releaseAppServerProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    return `the release app-server URL is unset: ${SET_IT}`
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.toLowerCase().startsWith('https:')) {
    return `the release app-server URL "${value}" is not https: ${SET_IT}`
  }
  const problem = releaseUrlProblem(value)
  return problem ? `the release app-server URL ${problem}: ${SET_IT}` : null
}

function collectStrings(value: unknown, at: string, out: { path: string; value: string }[]): void {
  if (typeof value === 'string') out.push({ path: at, value })
  else if (Array.isArray(value))
    value.forEach((item, i) => collectStrings(item, `${at}[${i}]`, out))
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectStrings(item, `${at}.${key}`, out)
  }
}

/** What a config module may ask at load or call time: which version it runs as. Anything else does nothing. */
const releaseWx = new Proxy(
  {
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'preflight', envVersion: 'release', version: '0.0.0' },
    }),
  } as Record<string, unknown>,
  { get: (target, key: string) => target[key] ?? (() => undefined) },
)

/**
 * Runs a module of the package (relative to `root`) as the mini-program runtime would: CommonJS with `wx` a
 * free variable, `require` resolved by the runtime's rules, a missing module an exception. Every call starts
 * with an empty module cache, so each check sees the files as they are now (Node's and jest's caches do not).
 */
function loadInReleaseMode(root: string, file: string): unknown {
  const cache = new Map<string, { exports: unknown }>()
  const load = (relative: string): unknown => {
    const cached = cache.get(relative)
    if (cached) return cached.exports
    const module = { exports: {} as unknown }
    cache.set(relative, module)
    const absolute = path.join(root, relative)
    const run = vm.runInThisContext(
      `(function (module, exports, require, wx) {${readFileSync(absolute, 'utf8')}\n})`,
      { filename: absolute },
    ) as (...args: unknown[]) => void
    const requireFromHere = (request: string): unknown => {
      const found = resolveRequire(root, relative, request)
      if (!found) throw new Error(`module "${request}" is not defined (required from ${relative})`)
      return load(found)
    }
    run(module, module.exports, requireFromHere, releaseWx)
    return module.exports
  }
  return load(file)
}

function checkOverridesFile(dir: string, result: CheckResult): void {
  const file = path.join(dir, 'config', 'local-overrides.js')
  if (!existsSync(file)) return
  let overrides: Record<string, unknown>
  try {
    overrides = loadInReleaseMode(dir, 'config/local-overrides.js') as Record<string, unknown>
  } catch (error) {
    result.problems.push(`config/local-overrides.js does not load: ${(error as Error).message}`)
    return
  }
  const local = LOCAL_ONLY_OVERRIDE_KEYS.filter((key) => overrides[key] !== undefined)
  if (local.length > 0) {
    result.problems.push(
      `config/local-overrides.js sets ${local.join(', ')}: it was written for a local stack (npm run build --app-server/--im-proxy, or by hand for DevTools)`,
    )
  }
}

/**
 * Evaluates the built config module as a release build sees it (envVersion "release") and checks what it
 * would connect to.
 */
export function checkReleaseConfig(dir: string): CheckResult {
  const result: CheckResult = { name: 'release configuration', problems: [], notes: [] }
  checkOverridesFile(dir, result)
  const configFile = path.join(dir, 'config', 'index.js')
  if (!existsSync(configFile)) {
    result.problems.push(
      'config/index.js is missing: cannot tell what the release build connects to',
    )
    return result
  }
  let config: Record<string, unknown>
  try {
    const configModule = loadInReleaseMode(dir, 'config/index.js') as { getConfig?: () => unknown }
    if (typeof configModule.getConfig !== 'function') {
      result.problems.push('config/index.js does not export getConfig()')
      return result
    }
    config = (configModule.getConfig() ?? {}) as Record<string, unknown>
  } catch (error) {
    result.problems.push(`config/index.js failed in release mode: ${(error as Error).message}`)
    return result
  }
  if (config.mode !== 'production') {
    result.problems.push(`release build runs in mode "${String(config.mode)}", not "production"`)
  }
  for (const key of ['imProxyServer', 'proxyServer']) {
    if (config[key] !== undefined && config[key] !== '') {
      result.problems.push(
        `release configuration sets ${key} (${String(config[key])}): local IM only`,
      )
    }
  }
  const appServerProblem = releaseAppServerProblem(config.appServerBaseUrl)
  if (appServerProblem) result.problems.push(appServerProblem)
  const strings: { path: string; value: string }[] = []
  collectStrings(config, 'config', strings)
  for (const entry of strings) {
    if (entry.path === 'config.appServerBaseUrl') {
      if (!appServerProblem) result.notes.push(`${entry.path} = ${entry.value}`)
      continue
    }
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(entry.value)) continue
    const problem = releaseUrlProblem(entry.value)
    if (problem) result.problems.push(`${entry.path}: ${problem}`)
    else result.notes.push(`${entry.path} = ${entry.value}`)
  }
  return result
}
