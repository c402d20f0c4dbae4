/**
 * What WeChat's compiler lets through and the phone then trips over, checked on its output (the files an upload
 * sends): a `require()` that resolves to nothing, WXML that the official wcc refuses, an `<import>`/`<include>`
 * of a missing file, and script that is not ES5 although the project asks for ES5.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import * as acorn from 'acorn'
import * as walk from 'acorn-walk'
import { wxmlToJs } from 'miniprogram-compiler'
import { listFiles } from './mini-package'
import type { CheckResult } from './checks'

/** Helpers the compiler itself writes next to the code (its Babel or SWC runtime), not code of ours. */
const COMPILER_HELPER_DIRS = ['@babel/runtime/', '@swc/runtime/']

const isFile = (file: string) => existsSync(file) && statSync(file).isFile()

/**
 * Resolves a require() the way the mini-program runtime does: the path is joined to the requiring file's
 * folder (`./x`, `../x`, and also `x` and `/x`); a name that is not found there is an npm module name or path,
 * looked up in `miniprogram_npm` of the file's folder and of each folder above it. `.js` is optional and a
 * folder means its `index.js`. WeChat's own SWC output relies on the file-relative reading of a bare path: a
 * root file such as app.js gets `require("@swc/runtime/…")` for helpers that sit next to it, not in
 * miniprogram_npm. A leading `/` joined to the file's folder (not the root) is what developers report; the
 * platform's answer for it is app.json's `resolveAlias`, which this project does not use.
 */
export function resolveRequire(root: string, fromFile: string, request: string): string | null {
  const fromDir = path.posix.dirname(fromFile)
  const bases = [path.posix.join(fromDir, request)]
  if (!request.startsWith('.') && !request.startsWith('/')) {
    let dir = fromDir
    for (;;) {
      bases.push(path.posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', request))
      if (dir === '.' || dir === '') break
      dir = path.posix.dirname(dir)
    }
  }
  for (const base of bases) {
    const normalized = path.posix.normalize(base)
    if (normalized.startsWith('..')) continue
    const candidates = normalized.endsWith('.js')
      ? [normalized]
      : [`${normalized}.js`, `${normalized}/index.js`]
    const found = candidates.find((candidate) => isFile(path.join(root, candidate)))
    if (found) return found
  }
  return null
}

interface RequireCall {
  request: string
  /** Inside a `try` block: the code expects that it may fail (e.g. config/local-overrides). */
  guarded: boolean
}

function parseScript(source: string, ecmaVersion: 5 | 'latest') {
  return acorn.parse(source, {
    ecmaVersion,
    sourceType: 'script',
    allowReturnOutsideFunction: true,
    allowHashBang: true,
  })
}

function requireCalls(program: acorn.Node): { calls: RequireCall[]; dynamic: number } {
  const calls: RequireCall[] = []
  let dynamic = 0
  walk.ancestor(program, {
    CallExpression(node, _state, ancestors) {
      const call = node as acorn.CallExpression
      if (call.callee.type !== 'Identifier' || call.callee.name !== 'require') return
      const argument = call.arguments[0]
      if (argument?.type !== 'Literal' || typeof argument.value !== 'string') {
        dynamic += 1
        return
      }
      const guarded = ancestors.some(
        (ancestor, index) =>
          ancestor.type === 'TryStatement' &&
          (ancestor as acorn.TryStatement).block === ancestors[index + 1],
      )
      calls.push({ request: argument.value, guarded })
    },
  })
  return { calls, dynamic }
}

/** Every literal require() of every script resolves; scripts are ES5 (the compiler's own helpers excepted). */
export function checkScripts(root: string, options: { expectEs5: boolean }): CheckResult {
  const result: CheckResult = {
    name: 'scripts: every require() resolves, ES5 as configured',
    problems: [],
    notes: [],
  }
  const scripts = listFiles(root).filter((file) => file.endsWith('.js'))
  let resolved = 0
  let dynamic = 0
  const optional: string[] = []
  const notEs5Helpers: string[] = []
  for (const file of scripts) {
    const source = readFileSync(path.join(root, file), 'utf8')
    let program: acorn.Node
    try {
      program = parseScript(source, options.expectEs5 ? 5 : 'latest')
    } catch (es5Error) {
      try {
        program = parseScript(source, 'latest')
      } catch (error) {
        result.problems.push(`${file} does not parse: ${(error as Error).message}`)
        continue
      }
      const where = `${file}: ${(es5Error as Error).message}`
      if (COMPILER_HELPER_DIRS.some((dir) => file.startsWith(dir))) notEs5Helpers.push(where)
      else
        result.problems.push(`${file} is not ES5 although the project compiles to ES5 (${where})`)
    }
    const found = requireCalls(program)
    dynamic += found.dynamic
    for (const call of found.calls) {
      if (resolveRequire(root, file, call.request)) resolved += 1
      else if (call.guarded) optional.push(`${file} → "${call.request}"`)
      else result.problems.push(`${file}: require("${call.request}") resolves to no file`)
    }
  }
  result.notes.push(`${scripts.length} scripts, ${resolved} require() calls resolved`)
  if (optional.length > 0) {
    result.notes.push(`absent but guarded by try (optional by design): ${optional.join(', ')}`)
  }
  if (dynamic > 0)
    result.notes.push(`${dynamic} require() calls with a computed name (not checked)`)
  for (const helper of notEs5Helpers) {
    result.notes.push(`the compiler's own helper is not ES5: ${helper}`)
  }
  return result
}

const WXML_REFERENCE = /<(import|include)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/g

/** WXML through WeChat's own wcc, and every `<import>`/`<include>` pointing at a file that exists. */
export function checkWxml(root: string): CheckResult {
  const result: CheckResult = { name: 'WXML compiles with wcc', problems: [], notes: [] }
  const wxmlList = listFiles(root).filter((file) => file.endsWith('.wxml'))
  const wxsList = listFiles(root).filter((file) => file.endsWith('.wxs'))
  for (const file of wxmlList) {
    const source = readFileSync(path.join(root, file), 'utf8')
    for (const match of source.matchAll(WXML_REFERENCE)) {
      const [, tag, src] = match as unknown as [string, string, string]
      const target = src.startsWith('/')
        ? src.slice(1)
        : path.posix.join(path.posix.dirname(file), src)
      const candidates = target.endsWith('.wxml') ? [target] : [target, `${target}.wxml`]
      if (!candidates.some((candidate) => isFile(path.join(root, candidate)))) {
        result.problems.push(`${file}: <${tag} src="${src}"> points at no file`)
      }
    }
  }
  if (wxmlList.length === 0) {
    result.problems.push('no WXML file at all')
    return result
  }
  try {
    wxmlToJs(root, { maxBuffer: 256 * 1024 * 1024, wxmlList, wxsList })
    result.notes.push(`${wxmlList.length} WXML and ${wxsList.length} WXS files compiled by wcc`)
  } catch (error) {
    // wcc stops at the first file it cannot compile and names it.
    result.problems.push(String((error as Error).message).trim())
  }
  return result
}

/** Tests, their support files and tool configs: never part of a package a phone downloads. */
const NOT_SHIPPED = [
  /(^|\/)__tests__\//,
  /\.(test|spec)\.[cm]?[jt]s$/,
  /(^|\/)jest\.config\.[cm]?[jt]s$/,
  /(^|\/)tsconfig[^/]*\.json$/,
]

/** None of the files the compile would upload is a test, test support or tool config. */
export function checkShippedFiles(files: string[]): CheckResult {
  const result: CheckResult = { name: 'no test or tool file is uploaded', problems: [], notes: [] }
  const shipped = files.filter((file) => NOT_SHIPPED.some((pattern) => pattern.test(file)))
  for (const file of shipped) result.problems.push(`${file} would be uploaded`)
  if (shipped.length === 0)
    result.notes.push(`${files.length} files, none of them a test or config`)
  return result
}
