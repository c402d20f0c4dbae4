// WXSS compiled once and kept: the same inputs read the kept answer (in this process or a later one), and any
// change to the file, a file it imports or the variant (compiler, class prefix) compiles afresh.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cachedCss, type CssInput } from '../src/core/css-cache'

let root: string
let folder: string
let compiles: number

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'wxss-cache-root-'))
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxss-cache-kept-'))
  compiles = 0
  fs.writeFileSync(path.join(root, 'base.wxss'), '.shared { color: red; }')
  fs.writeFileSync(path.join(root, 'page.wxss'), '@import "base.wxss";\n.page { width: 1px; }')
})

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(folder, { recursive: true, force: true })
})

/** Stands in for wcsc: the CSS is the inputs' text, so a stale answer shows. */
const compile = (input: CssInput) => () => {
  compiles++
  return input.files.map((file) => fs.readFileSync(path.join(root, file), 'utf8')).join('\n')
}
const css = (variant = 'wcsc 1:') => {
  const input = { root, files: ['page.wxss', 'base.wxss'], variant }
  return cachedCss(input, compile(input), folder)
}

test('the same inputs are compiled once; a changed import, file or variant is compiled again', () => {
  expect(css()).toContain('color: red')
  expect(css()).toContain('color: red')
  expect(compiles).toBe(1)

  fs.writeFileSync(path.join(root, 'base.wxss'), '.shared { color: blue; }')
  expect(css()).toContain('color: blue')
  fs.appendFileSync(path.join(root, 'page.wxss'), '\n.added { height: 2px; }')
  expect(css()).toContain('height: 2px')
  expect(compiles).toBe(3)

  expect(css('wcsc 1:components_item_index')).toContain('height: 2px')
  expect(css('wcsc 2:')).toContain('height: 2px')
  expect(compiles).toBe(5)
})

test('a kept answer is written to disk for hosts started later; a failed compile is never kept', () => {
  css()
  const kept = fs.readdirSync(folder)
  expect(kept).toHaveLength(1)
  expect(fs.readFileSync(path.join(folder, kept[0]!), 'utf8')).toContain('color: red')

  const input = { root, files: ['page.wxss', 'base.wxss'], variant: 'broken' }
  const failing = () => {
    compiles++
    throw new Error('wcsc could not compile page.wxss')
  }
  expect(() => cachedCss(input, failing, folder)).toThrow('wcsc could not compile')
  expect(() => cachedCss(input, failing, folder)).toThrow('wcsc could not compile')
  expect(fs.readdirSync(folder)).toHaveLength(1)
})
