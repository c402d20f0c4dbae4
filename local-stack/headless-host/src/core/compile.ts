// WXML through the official wcc, WXSS through the official wcsc (miniprogram-compiler's Linux builds).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { wxmlToJs } from 'miniprogram-compiler'
import '../env'
import { cachedCss } from './css-cache'

const compilerBinDir = path.join(
  path.dirname(require.resolve('miniprogram-compiler/package.json')),
  'bin',
)

function binary(name: 'wcc' | 'wcsc'): string {
  const platformDir =
    process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux'
  const file = path.join(
    compilerBinDir,
    platformDir,
    process.platform === 'win32' ? `${name}.exe` : name,
  )
  // npm 11 installs the package's binaries without the execute bit.
  try {
    fs.chmodSync(file, 0o755)
  } catch (_error) {
    // read-only install: the spawn below reports the real problem
  }
  return file
}

export function listFiles(root: string, extension: string): string[] {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
      const relative = dir ? `${dir}/${entry.name}` : entry.name
      const isDirectory =
        entry.isDirectory() ||
        (entry.isSymbolicLink() && fs.statSync(path.join(root, relative)).isDirectory())
      if (isDirectory) walk(relative)
      else if (entry.name.endsWith(extension)) found.push(relative)
    }
  }
  walk('')
  return found.sort()
}

export type TemplateFunction = (data: Record<string, unknown>) => unknown
export type TemplateLookup = (wxmlPath: string) => TemplateFunction | undefined

/**
 * Compiles every WXML (and WXS) file of the project at once, as wcc needs the whole set: wcc's output keeps
 * its tables in globals, so two separate outputs would overwrite each other. Folders mounted at a prefix
 * (extended libraries) join the same run through a folder of links that shows them where the app sees them.
 */
export function compileWxml(
  root: string,
  mounts: { prefix: string; root: string }[] = [],
): TemplateLookup {
  binary('wcc')
  let base = root
  let linked: string | undefined
  if (mounts.length > 0) {
    linked = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-host-wcc-'))
    for (const entry of fs.readdirSync(root))
      fs.symlinkSync(path.join(root, entry), path.join(linked, entry))
    for (const mount of mounts)
      fs.symlinkSync(mount.root, path.join(linked, mount.prefix.replace(/\/$/, '')))
    base = linked
  }
  let source: string
  try {
    const wxmlList = listFiles(base, '.wxml')
    const wxsList = listFiles(base, '.wxs')
    if (wxmlList.length === 0) return () => undefined
    source = wxmlToJs(base, { maxBuffer: 256 * 1024 * 1024, wxmlList, wxsList })
  } finally {
    if (linked) fs.rmSync(linked, { recursive: true, force: true })
  }
  const $gwx = new Function(source)() as (file: string) => TemplateFunction | undefined
  return (wxmlPath) => {
    const generate = $gwx(wxmlPath)
    if (typeof generate !== 'function') return undefined
    return (data) => generate(data)
  }
}

// wcsc leaves rpx as `%%?32rpx?%%`; the host renders at 375 px, so 1rpx = 0.5px.
const RPX_TO_PX = 375 / 750

export function rpxToPx(css: string): string {
  return css.replace(/%%\?(-?[\d.]+)rpx\?%%/g, (_match, value: string) => {
    const px = Number(value) * RPX_TO_PX
    return `${Number(px.toFixed(3))}px`
  })
}

const IMPORT = /@import\s+(?:url\()?\s*["']([^"']+)["']/g

/**
 * The WXSS files `file` imports, directly or through others: wcsc needs them beside it, and only them (handing
 * it every file of a large project makes each compile parse them all).
 */
function importedWxss(root: string, file: string): string[] {
  const found = new Set<string>()
  const visit = (current: string): void => {
    const absolute = path.join(root, current)
    if (!fs.existsSync(absolute)) return
    for (const match of fs.readFileSync(absolute, 'utf8').matchAll(IMPORT)) {
      const request = match[1] ?? ''
      const target = path.posix.normalize(
        request.startsWith('/')
          ? request.slice(1)
          : path.posix.join(path.posix.dirname(current), request),
      )
      const withExtension = target.endsWith('.wxss') ? target : `${target}.wxss`
      if (withExtension === file || found.has(withExtension)) continue
      found.add(withExtension)
      visit(withExtension)
    }
  }
  visit(file)
  return [...found].filter((candidate) => fs.existsSync(path.join(root, candidate)))
}

/**
 * Compiles one WXSS file (with the project's other WXSS files available for @import) to CSS.
 * `classPrefix` is j-component's class prefix for a custom component's classes ('' for pages and app.wxss).
 */
export function compileWxss(root: string, file: string, classPrefix: string): string {
  const absolute = path.join(root, file)
  if (!fs.existsSync(absolute)) return ''
  const others = importedWxss(root, file)
  const compiler = fs.statSync(binary('wcsc'))
  return cachedCss(
    {
      root,
      files: [file, ...others],
      variant: `${compiler.size}:${compiler.mtimeMs}:${classPrefix}`,
    },
    () => runWcsc(root, file, others, classPrefix),
  )
}

function runWcsc(root: string, file: string, others: string[], classPrefix: string): string {
  const result = spawnSync(binary('wcsc'), ['-lc', file, ...others], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw result.error
  const output = result.stdout.toString()
  if (result.status !== 0 || /^ERR:/m.test(output) || /^ERR:/m.test(result.stderr.toString())) {
    throw new Error(`wcsc could not compile ${file}: ${(output + result.stderr.toString()).trim()}`)
  }
  const suffix = classPrefix ? `${classPrefix}--` : ''
  return rpxToPx(output.replace(/%%HERESUFFIX%%/g, suffix))
}
