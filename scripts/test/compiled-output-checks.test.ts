// The output checks on small compiled folders written here: how require() resolves, what counts as a problem,
// WXML through the real wcc, and which files must never be uploaded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  checkScripts,
  checkShippedFiles,
  checkWxml,
  resolveRequire,
} from '../lib/compiled-output-checks'

let root: string
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'output-checks-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function write(relative: string, content: string): void {
  const file = path.join(root, relative)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
}

describe('require() resolves as in the mini-program runtime', () => {
  beforeEach(() => {
    write('app.js', '')
    write('utils/format.js', '')
    write('utils/dates/index.js', '')
    write('@swc/runtime/_class_call_check.js', '')
    write('miniprogram_npm/mobx-miniprogram/index.js', '')
    write('miniprogram_npm/tim-wx-sdk/plugins/upload.js', '')
    write('package-chat/miniprogram_npm/only-here/index.js', '')
  })

  test.each([
    ['pages/a/index.js', '../../utils/format', 'utils/format.js'],
    ['pages/a/index.js', '../../utils/format.js', 'utils/format.js'],
    ['pages/a/index.js', '../../utils/dates', 'utils/dates/index.js'],
    // WeChat's SWC output in a root file names its helpers without "./".
    ['app.js', '@swc/runtime/_class_call_check', '@swc/runtime/_class_call_check.js'],
    ['pages/a/index.js', 'mobx-miniprogram', 'miniprogram_npm/mobx-miniprogram/index.js'],
    [
      'pages/a/index.js',
      'tim-wx-sdk/plugins/upload',
      'miniprogram_npm/tim-wx-sdk/plugins/upload.js',
    ],
    [
      'package-chat/pages/chat/index.js',
      'only-here',
      'package-chat/miniprogram_npm/only-here/index.js',
    ],
  ])('%s: require("%s") → %s', (from, request, expected) => {
    expect(resolveRequire(root, from, request)).toBe(expected)
  })

  test.each([
    ['pages/a/index.js', './format'],
    ['pages/a/index.js', 'only-here'], // a subpackage's own npm folder is not visible from the main package
    ['pages/a/index.js', '/utils/format'], // joined to pages/a, not the root
    ['app.js', '../outside'],
  ])('%s: require("%s") resolves to nothing', (from, request) => {
    expect(resolveRequire(root, from, request)).toBeNull()
  })
})

describe('the scripts check', () => {
  test('an unresolved require is a problem; one inside try is optional by design; computed names are noted', () => {
    write(
      'config/index.js',
      'try { require("./local-overrides") } catch (e) {}\nvar name = "x"; require(name)\n',
    )
    write('pages/a/index.js', 'var f = require("../../utils/missing")\n')
    const result = checkScripts(root, { expectEs5: true })
    expect(result.problems).toEqual([
      'pages/a/index.js: require("../../utils/missing") resolves to no file',
    ])
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'absent but guarded by try (optional by design): config/index.js → "./local-overrides"',
        '1 require() calls with a computed name (not checked)',
      ]),
    )
  })

  test('a require in the catch block is not guarded', () => {
    write('app.js', 'try { x() } catch (e) { require("./fallback") }\n')
    expect(checkScripts(root, { expectEs5: true }).problems).toEqual([
      'app.js: require("./fallback") resolves to no file',
    ])
  })

  test('ES2015 in our code is a problem when the project compiles to ES5; in the compiler’s helpers a note', () => {
    write('app.js', 'const f = () => 1\n')
    write('@swc/runtime/_ts_generator.js', '(() => {})()\n')
    const result = checkScripts(root, { expectEs5: true })
    expect(result.problems).toEqual([
      expect.stringMatching(/^app\.js is not ES5 although the project compiles to ES5/),
    ])
    expect(result.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^the compiler's own helper is not ES5: @swc\/runtime\/_ts_generator\.js/,
        ),
      ]),
    )
    expect(checkScripts(root, { expectEs5: false }).problems).toEqual([])
  })

  test('a script that does not parse at all is a problem', () => {
    write('app.js', 'var = ;\n')
    expect(checkScripts(root, { expectEs5: true }).problems).toEqual([
      expect.stringMatching(/^app\.js does not parse: /),
    ])
  })
})

describe('the WXML check (WeChat’s wcc)', () => {
  beforeEach(() => {
    write('pages/a/index.wxml', '<view>{{ title }}</view>\n<include src="./part.wxml" />\n')
    write('pages/a/part.wxml', '<text>part</text>\n')
  })

  test('valid WXML with its includes passes', () => {
    const result = checkWxml(root)
    expect(result.problems).toEqual([])
    expect(result.notes).toEqual(['2 WXML and 0 WXS files compiled by wcc'])
  })

  test('an expression wcc cannot parse is reported with file and position', () => {
    write('pages/a/index.wxml', '<view>{{ a + }}</view>\n')
    expect(checkWxml(root).problems).toEqual([
      expect.stringMatching(/pages\/a\/index\.wxml:1:\d+: Bad value/),
    ])
  })

  test('a mismatched end tag is reported', () => {
    write('pages/a/index.wxml', '<view></text>\n')
    expect(checkWxml(root).problems).toEqual([
      expect.stringMatching(/pages\/a\/index\.wxml:1:\d+: expect end-tag `view`/),
    ])
  })

  test('an include or import of a missing file is reported (wcc itself lets it pass)', () => {
    write('pages/a/index.wxml', '<import src="/templates/row.wxml" />\n<include src="./gone" />\n')
    expect(checkWxml(root).problems).toEqual([
      'pages/a/index.wxml: <import src="/templates/row.wxml"> points at no file',
      'pages/a/index.wxml: <include src="./gone"> points at no file',
    ])
  })
})

test('tests, test support and tool configs must never be uploaded', () => {
  const result = checkShippedFiles([
    'app.js',
    'pages/login/index.js',
    'config/__tests__/config.test.js',
    '__tests__/jest-setup.js',
    'models/format.spec.js',
    'jest.config.js',
    'tsconfig.test.json',
  ])
  expect(result.problems).toEqual([
    'config/__tests__/config.test.js would be uploaded',
    '__tests__/jest-setup.js would be uploaded',
    'models/format.spec.js would be uploaded',
    'jest.config.js would be uploaded',
    'tsconfig.test.json would be uploaded',
  ])
  expect(checkShippedFiles(['app.js', 'app.json', 'project.config.json']).problems).toEqual([])
})
