/**
 * Reading a built mini-program folder the way the WeChat platform sees it: its app.json, which files belong to
 * which code package, and how large each package is.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const KB = 1024
/** The platform's per-package ceiling (field-research §3.1): "单个分包/主包大小不能超过 2M". */
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * KB
/** Our own budget for the main package: the SDK alone is ~600 KB, leave room for tab pages. */
export const MAIN_PACKAGE_BUDGET_BYTES = 800 * KB

export interface SubPackageJson {
  root: string
  name?: string
  pages: string[]
  independent?: boolean
}

export interface AppJson {
  pages: string[]
  subPackages?: SubPackageJson[]
  subpackages?: SubPackageJson[]
  usingComponents?: Record<string, string>
  tabBar?: { list: { pagePath: string; text?: string }[] }
  [key: string]: unknown
}

export function readJsonFile<T>(file: string): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text) as T
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`)
  }
}

export function readAppJson(dir: string): AppJson {
  const appJson = readJsonFile<AppJson>(path.join(dir, 'app.json'))
  if (!Array.isArray(appJson.pages) || appJson.pages.length === 0) {
    throw new Error(`${path.join(dir, 'app.json')} has no "pages"`)
  }
  return appJson
}

/** `subPackages` and the older `subpackages` spelling are both accepted by the platform. */
export function subPackagesOf(appJson: AppJson): SubPackageJson[] {
  return appJson.subPackages ?? appJson.subpackages ?? []
}

/** Every file below `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string, relative = ''): string[] {
  const files: string[] = []
  for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name
    if (entry.isDirectory()) files.push(...listFiles(dir, child))
    else if (entry.isFile()) files.push(child)
  }
  return files
}

export interface PackageSize {
  /** `main`, or the subpackage's name (its root when it has none). */
  name: string
  root: string
  bytes: number
  files: number
  limitBytes: number
  /** True when the package must stay at or under the limit, false when strictly under it. */
  inclusive: boolean
  ok: boolean
}

function normaliseRoot(root: string): string {
  return root.replace(/^\/+/, '').replace(/\/*$/, '/')
}

/**
 * Splits the built folder into the main package and its subpackages by subpackage root, as the platform does,
 * and sums the bytes of every file in each.
 */
export function measurePackages(dir: string): PackageSize[] {
  if (!existsSync(path.join(dir, 'app.json'))) {
    throw new Error(`${dir} is not a built mini-program (no app.json); run "npm run build" first`)
  }
  const appJson = readAppJson(dir)
  const subPackages = subPackagesOf(appJson).map((sub) => ({
    name: sub.name ?? sub.root,
    root: normaliseRoot(sub.root),
  }))
  const sizes = new Map<string, { bytes: number; files: number }>()
  sizes.set('main', { bytes: 0, files: 0 })
  for (const sub of subPackages) sizes.set(sub.name, { bytes: 0, files: 0 })

  for (const file of listFiles(dir)) {
    const owner = subPackages.find((sub) => file.startsWith(sub.root))
    const entry = sizes.get(owner ? owner.name : 'main')!
    entry.bytes += statSync(path.join(dir, file)).size
    entry.files += 1
  }

  const main = sizes.get('main')!
  const result: PackageSize[] = [
    {
      name: 'main',
      root: '/',
      ...main,
      limitBytes: MAIN_PACKAGE_BUDGET_BYTES,
      inclusive: true,
      ok: main.bytes <= MAIN_PACKAGE_BUDGET_BYTES,
    },
  ]
  for (const sub of subPackages) {
    const entry = sizes.get(sub.name)!
    result.push({
      name: sub.name,
      root: sub.root,
      ...entry,
      limitBytes: PACKAGE_LIMIT_BYTES,
      inclusive: false,
      ok: entry.bytes < PACKAGE_LIMIT_BYTES,
    })
  }
  return result
}

export function formatKb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`
}

export function formatSizeTable(sizes: PackageSize[]): string {
  const rows = [
    ['package', 'root', 'files', 'size', 'budget', 'status'],
    ...sizes.map((size) => [
      size.name,
      size.root,
      String(size.files),
      formatKb(size.bytes),
      `${size.inclusive ? '≤' : '<'} ${formatKb(size.limitBytes)}`,
      size.ok ? 'ok' : 'OVER BUDGET',
    ]),
  ]
  const total = sizes.reduce((sum, size) => sum + size.bytes, 0)
  rows.push(['total', '', String(sizes.reduce((n, s) => n + s.files, 0)), formatKb(total), '', ''])
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
