// Runs the mini-program's compiled JS files the way the base library does: CommonJS modules whose free
// variables (wx, App, Page, ...) come from the host, resolved with the mini-program's rules.
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

export type ModuleGlobals = Record<string, unknown>

interface LoadedModule {
  exports: unknown
}

export class ModuleLoader {
  private readonly cache = new Map<string, LoadedModule>()

  constructor(
    /** Where a project path is on this machine (extended libraries live outside the project). */
    private readonly absolute: (file: string) => string,
    private readonly globals: () => ModuleGlobals,
  ) {}

  /** Resolves `request` seen from project file `fromFile` (both relative to the project root). */
  resolve(fromFile: string, request: string): string {
    const fromDir = path.posix.dirname(fromFile)
    const bases: string[] = []
    if (request.startsWith('/')) bases.push(request.slice(1))
    else if (request.startsWith('./') || request.startsWith('../')) {
      bases.push(path.posix.join(fromDir, request))
    } else {
      // A bare name is tried next to the requiring file, then in each miniprogram_npm up the tree.
      bases.push(path.posix.join(fromDir, request))
      let dir = fromDir
      for (;;) {
        bases.push(path.posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', request))
        if (dir === '.' || dir === '' || dir === '/') break
        dir = path.posix.dirname(dir)
      }
    }
    for (const base of bases) {
      const normalized = path.posix.normalize(base)
      if (normalized.startsWith('..')) continue
      for (const candidate of [
        normalized,
        `${normalized}.js`,
        `${normalized}.json`,
        `${normalized}/index.js`,
      ]) {
        const absolute = this.absolute(candidate)
        if (fs.existsSync(absolute) && fs.statSync(absolute).isFile()) return candidate
      }
    }
    throw new Error(`module "${request}" is not defined (required from ${fromFile})`)
  }

  require(fromFile: string, request: string): unknown {
    return this.load(this.resolve(fromFile, request))
  }

  has(file: string): boolean {
    return fs.existsSync(this.absolute(file))
  }

  load(file: string): unknown {
    const cached = this.cache.get(file)
    if (cached) return cached.exports
    const absolute = this.absolute(file)
    const source = fs.readFileSync(absolute, 'utf8')
    const module: LoadedModule = { exports: {} }
    this.cache.set(file, module)
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(source)
      return module.exports
    }
    const globals = this.globals()
    const names = Object.keys(globals)
    const wrapper = vm.runInThisContext(
      `(function (module, exports, require, ${names.join(', ')}) {${source}\n})`,
      { filename: absolute },
    ) as (...args: unknown[]) => void
    const localRequire = (request: string): unknown => this.require(file, request)
    try {
      wrapper.call(
        module.exports,
        module,
        module.exports,
        localRequire,
        ...names.map((name) => globals[name]),
      )
    } catch (error) {
      this.cache.delete(file)
      throw error
    }
    return module.exports
  }
}
