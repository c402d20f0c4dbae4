// The built project: app.json (pages, subpackages, tabBar, window), page and component JSON files, the
// project's appid, and urls as navigation APIs read them.
import fs from 'node:fs'
import path from 'node:path'

export interface TabBarItem {
  pagePath: string
  text?: string
  iconPath?: string
  selectedIconPath?: string
}

export interface TabBarConfig {
  list: TabBarItem[]
  color?: string
  selectedColor?: string
  backgroundColor?: string
  borderStyle?: string
  custom?: boolean
}

export interface AppConfig {
  pages: string[]
  entryPagePath?: string
  subpackages?: { root: string; pages: string[] }[]
  subPackages?: { root: string; pages: string[] }[]
  usingComponents?: Record<string, string>
  window?: Record<string, unknown>
  tabBar?: TabBarConfig
}

export type JsonObject = Record<string, unknown>

export class Project {
  readonly root: string
  readonly config: AppConfig
  readonly pageRoutes: string[]
  readonly tabRoutes: string[]

  constructor(projectDir: string) {
    this.root = path.resolve(projectDir)
    const appJsonPath = path.join(this.root, 'app.json')
    if (!fs.existsSync(appJsonPath)) {
      throw new Error(`${this.root} is not a built mini-program: app.json is missing`)
    }
    this.config = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as AppConfig
    if (!Array.isArray(this.config.pages) || this.config.pages.length === 0) {
      throw new Error('app.json lists no pages')
    }
    const subpackages = this.config.subpackages ?? this.config.subPackages ?? []
    this.pageRoutes = [
      ...this.config.pages,
      ...subpackages.flatMap((pkg) =>
        pkg.pages.map((page) => path.posix.join(pkg.root.replace(/\/$/, ''), page)),
      ),
    ]
    this.tabRoutes = (this.config.tabBar?.list ?? []).map((item) => item.pagePath)
  }

  entryRoute(): string {
    const entry = this.config.entryPagePath ?? this.pageRoutes[0] ?? ''
    return entry.replace(/^\//, '').replace(/\.html$/, '')
  }

  isPageRoute(route: string): boolean {
    return this.pageRoutes.includes(route)
  }

  isTabRoute(route: string): boolean {
    return this.tabRoutes.includes(route)
  }

  exists(file: string): boolean {
    return fs.existsSync(path.join(this.root, file))
  }

  readJson(file: string): JsonObject {
    const absolute = path.join(this.root, file)
    if (!fs.existsSync(absolute)) return {}
    return JSON.parse(fs.readFileSync(absolute, 'utf8')) as JsonObject
  }

  appId(): string {
    const appid = this.readJsonQuietly('project.config.json').appid
    return typeof appid === 'string' ? appid : 'wx0000000000000000'
  }

  private readJsonQuietly(file: string): JsonObject {
    try {
      return this.readJson(file)
    } catch (_notJson) {
      return {}
    }
  }
}

export interface ParsedUrl {
  route: string
  query: Record<string, string>
}

export function parseUrl(url: string, fromRoute: string): ParsedUrl {
  const [rawPath = '', rawQuery = ''] = url.split('?', 2)
  let route = rawPath.startsWith('/')
    ? rawPath.slice(1)
    : path.posix.normalize(path.posix.join(path.posix.dirname(fromRoute), rawPath))
  route = route.replace(/\.html$/, '')
  // WeChat hands query values over as written in the url (no decoding): pages decode them themselves.
  const query: Record<string, string> = {}
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue
    const equals = pair.indexOf('=')
    if (equals === -1) query[pair] = ''
    else query[pair.slice(0, equals)] = pair.slice(equals + 1)
  }
  return { route, query }
}
