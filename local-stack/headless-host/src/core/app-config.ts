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
  useExtendedLib?: Record<string, unknown>
}

/** A folder seen by the mini-program under a path prefix it does not own (WeChat's extended libraries). */
export interface Mount {
  prefix: string
  root: string
}

/** WeChat's extended libraries the host has, and the npm package each one is. */
const EXTENDED_LIBRARIES: Record<string, { prefix: string; dist: () => string }> = {
  weui: {
    prefix: 'weui-miniprogram/',
    dist: () =>
      path.join(path.dirname(require.resolve('weui-miniprogram/package.json')), 'miniprogram_dist'),
  },
}

export type JsonObject = Record<string, unknown>

export class Project {
  readonly root: string
  readonly config: AppConfig
  readonly pageRoutes: string[]
  readonly tabRoutes: string[]
  /** Extended libraries (app.json useExtendedLib), seen at their prefix. */
  readonly mounts: Mount[] = []

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
    for (const [name, on] of Object.entries(this.config.useExtendedLib ?? {})) {
      const library = EXTENDED_LIBRARIES[name]
      if (!on) continue
      if (!library)
        throw new Error(`useExtendedLib.${name} is not an extended library the host has`)
      // WeChat DevTools refuses a project that has both; so does the host.
      if (fs.existsSync(path.join(this.root, 'miniprogram_npm', library.prefix)))
        throw new Error(
          `miniprogram_npm/${library.prefix} conflicts with the extended library ${name}: remove the package or useExtendedLib.${name}`,
        )
      this.mounts.push({ prefix: library.prefix, root: library.dist() })
    }
  }

  /** The extended library a project path belongs to, if any. */
  mountOf(file: string): Mount | undefined {
    return this.mounts.find((mount) => file.startsWith(mount.prefix))
  }

  /** Where a project path (as the mini-program writes it) is on this machine. */
  locate(file: string): { root: string; relative: string } {
    const mount = this.mountOf(file)
    return mount
      ? { root: mount.root, relative: file.slice(mount.prefix.length) }
      : { root: this.root, relative: file }
  }

  absolute(file: string): string {
    const { root, relative } = this.locate(file)
    return path.join(root, relative)
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
    return fs.existsSync(this.absolute(file))
  }

  readJson(file: string): JsonObject {
    const absolute = this.absolute(file)
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
