/**
 * WeChat ships WXSS compiled in the package, so a phone never compiles at launch; the host compiles each file
 * once and keeps wcsc's answer on disk under a key made of everything that answer depends on (the file and every
 * file it imports, their paths, and a variant naming the compiler and the class prefix). Every host started
 * later (the tests start dozens of the same build) reads it instead of spawning wcsc again.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface CssInput {
  root: string
  /** The compiled file first, then every file it imports (relative to root). */
  files: string[]
  variant: string
}

const memory = new Map<string, string>()

function keyOf(input: CssInput): string {
  const hash = createHash('sha256')
  hash.update(`${input.variant}\0`)
  for (const relative of input.files) {
    hash.update(`${relative}\0`)
    hash.update(fs.readFileSync(path.join(input.root, relative)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** The kept CSS for these inputs, or `compile()`'s, kept for next time (a failure is thrown, never kept). */
export function cachedCss(
  input: CssInput,
  compile: () => string,
  folder = path.join(os.tmpdir(), 'headless-host-wxss-cache'),
): string {
  const key = keyOf(input)
  const stored = path.join(folder, `${key}.css`)
  const remembered = memory.get(stored)
  if (remembered !== undefined) return remembered
  let css: string
  try {
    css = fs.readFileSync(stored, 'utf8')
  } catch (_notCompiledYet) {
    css = compile()
    try {
      fs.mkdirSync(folder, { recursive: true })
      // Written aside and renamed: hosts running at the same time never read half a file.
      const partial = `${stored}.${process.pid}.tmp`
      fs.writeFileSync(partial, css)
      fs.renameSync(partial, stored)
    } catch (_cacheUnwritable) {
      // A read-only temp folder only costs the next host a compile.
    }
  }
  memory.set(stored, css)
  return css
}
