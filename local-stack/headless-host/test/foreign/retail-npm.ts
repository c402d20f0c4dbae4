// The retail fixture's miniprogram_npm, made from the installed tdesign-miniprogram and tslib packages as
// DevTools' 构建 npm and its "ES6 → ES5" step would: every component folder the fixture's pages and components
// reach (and the folders those require), ES modules transpiled to CommonJS. Generated at test set-up, never kept
// in git (miniprogram_npm is ignored).
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** ES modules to CommonJS, as DevTools' ES6 → ES5 step does for the project and its miniprogram_npm. */
export function toCommonJs(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017 },
  }).outputText
}

const TDESIGN = /tdesign-miniprogram\/([A-Za-z0-9-]+)/g

/** Copies tdesign-miniprogram component folders into `out`, following their relative requires. */
export function tdesignCopier(tdesignDir: string, out: string): (request: string) => void {
  const copied = new Set<string>()
  const target = path.join(out, 'miniprogram_npm', 'tdesign-miniprogram')
  const copy = (request: string): void => {
    // A component's folder (it requires ../common and others by relative paths): copy whole folders.
    const folder = request.split('/')[0]!
    if (copied.has(folder)) return
    copied.add(folder)
    const from = path.join(tdesignDir, 'miniprogram_dist', folder)
    for (const file of fs.readdirSync(from, { recursive: true }) as string[]) {
      const full = path.join(from, file)
      // type declarations and docs are not part of what runs
      if (
        !fs.statSync(full).isFile() ||
        file.endsWith('.d.ts') ||
        /README/.test(path.basename(file))
      )
        continue
      const written = path.join(target, folder, file)
      fs.mkdirSync(path.dirname(written), { recursive: true })
      if (!file.endsWith('.js')) {
        fs.copyFileSync(full, written)
        continue
      }
      const text = toCommonJs(fs.readFileSync(full, 'utf8'))
      fs.writeFileSync(written, text)
      for (const match of text.matchAll(/require\(\s*['"](\.\.\/[^'"]+)['"]/g)) {
        const other = path.posix
          .normalize(path.posix.join(folder, path.posix.dirname(file), match[1]!))
          .split('/')[0]!
        if (other && other !== folder && !other.startsWith('.')) copy(other)
      }
    }
    for (const json of fs.readdirSync(from).filter((name) => name.endsWith('.json'))) {
      const text = fs.readFileSync(path.join(from, json), 'utf8')
      for (const match of text.matchAll(/"\.\.\/([A-Za-z0-9-]+)\//g)) copy(match[1]!)
    }
  }
  return copy
}

/** tdesign-miniprogram's own dependency and licence, as 构建 npm puts them in miniprogram_npm. */
export function writeNpmExtras(tdesignDir: string, out: string): void {
  const tslib = path.dirname(require.resolve('tslib/package.json'))
  const npm = path.join(out, 'miniprogram_npm')
  fs.mkdirSync(path.join(npm, 'tslib'), { recursive: true })
  fs.copyFileSync(path.join(tslib, 'tslib.js'), path.join(npm, 'tslib', 'index.js'))
  fs.copyFileSync(path.join(tslib, 'LICENSE.txt'), path.join(npm, 'tslib', 'LICENSE.txt'))
  fs.copyFileSync(
    path.join(tdesignDir, 'LICENSE'),
    path.join(npm, 'tdesign-miniprogram', 'LICENSE'),
  )
}

/** Builds `projectDir/miniprogram_npm` for the components the fixture's own files name. */
export function packRetailNpm(projectDir: string): void {
  const tdesignDir = path.dirname(require.resolve('tdesign-miniprogram/package.json'))
  fs.rmSync(path.join(projectDir, 'miniprogram_npm'), { recursive: true, force: true })
  const copy = tdesignCopier(tdesignDir, projectDir)
  copy('common')
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'miniprogram_npm') visit(full)
      } else if (/\.(js|json)$/.test(entry.name)) {
        for (const match of fs.readFileSync(full, 'utf8').matchAll(TDESIGN)) copy(match[1]!)
      }
    }
  }
  visit(projectDir)
  writeNpmExtras(tdesignDir, projectDir)
}
