// WeChat's own compile (miniprogram-ci, offline) of the real project and of copies broken one way each: what
// the compiler rejects fails the check with its code, and what it lets through is caught by the output checks.
import { TIMEOUTS } from '@tim-c2c/test-support'
import { compileAndCheck, type CompileCheckRun } from '../lib/compile-check'
import { readAppJson } from '../lib/mini-package'
import type { Es5Transform } from '../lib/wechat-project'
import { stageWorkspace, type StagedCopy, type StagedWorkspace } from './helpers/staged-copies'

// Each test compiles with miniprogram-ci: over a minute for the whole app on two busy cores.
const COMPILE_TIMEOUT_MS = TIMEOUTS.compileTest

let staging: StagedWorkspace
beforeAll(async () => {
  staging = await stageWorkspace()
}, COMPILE_TIMEOUT_MS)
afterAll(() => staging?.cleanup())
const workspace = () => staging

const problemsOf = (run: CompileCheckRun) => run.checks.flatMap((check) => check.problems)
const failedChecks = (run: CompileCheckRun) =>
  run.checks.filter((check) => check.problems.length > 0).map((check) => check.name)

/**
 * Compiles a copy broken by `breakIt`. Where npm packages play no part in the fault, the copy leaves them out:
 * the compiler then skips transforming the 600 KB SDK.
 */
async function compileBroken(
  transform: Es5Transform,
  breakIt: (copy: StagedCopy) => void,
  { withNpm = false } = {},
) {
  const copy = workspace().copy({ withNpm })
  breakIt(copy)
  return compileAndCheck(copy, transform, copy.outDir)
}

/** The first page of app.json, the one every fault below is planted in. */
function firstPage(copy: StagedCopy): string {
  return readAppJson(copy.miniprogramDir).pages[0]!
}

// The Babel path of the real project is the compile-check step of `npm test` and the e2e build.
test(
  'the real project compiles (ES5 through SWC) and every check of its output passes',
  async () => {
    const run = await compileBroken('swc', () => undefined, { withNpm: true })
    expect(problemsOf(run)).toEqual([])
    expect(run.ok).toBe(true)
    expect(run.files.some((file) => file.startsWith('@swc/runtime/'))).toBe(true)
    expect(run.files).toEqual(expect.arrayContaining(['app.js', 'app.json', 'config/index.js']))
    expect(run.files.filter((file) => file.endsWith('.ts'))).toEqual([])
  },
  COMPILE_TIMEOUT_MS,
)

describe('what WeChat’s compiler rejects fails the check, with its code', () => {
  test(
    'a TypeScript syntax error (10045)',
    async () => {
      const run = await compileBroken('swc', (copy) =>
        copy.append('app.ts', '\nexport const broken = (;\n'),
      )
      expect(run.ok).toBe(false)
      expect(problemsOf(run)).toEqual([expect.stringMatching(/^code 10045: [\s\S]*app\.ts/)])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'an unclosed WXSS block (10037)',
    async () => {
      const run = await compileBroken('swc', (copy) => copy.append('app.wxss', '\n.broken {\n'))
      expect(problemsOf(run)).toEqual([expect.stringMatching(/^code 10037: [\s\S]*app\.wxss/)])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'a page in app.json without its files',
    async () => {
      const run = await compileBroken('swc', (copy) => {
        const appJson = copy.json<{ pages: string[] }>('app.json')
        appJson.pages.push('pages/missing/index')
        copy.write('app.json', JSON.stringify(appJson))
      })
      expect(problemsOf(run)).toEqual([
        expect.stringMatching(/^code 1000\d: [\s\S]*pages\/missing\/index/),
      ])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'a page JSON that is not JSON',
    async () => {
      const run = await compileBroken('swc', (copy) =>
        copy.write(`${firstPage(copy)}.json`, '{ "usingComponents": '),
      )
      expect(problemsOf(run)).toEqual([expect.stringMatching(/^code 1000\d: /)])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'a component that does not exist in usingComponents',
    async () => {
      const run = await compileBroken('swc', (copy) => {
        const page = firstPage(copy)
        const json = copy.json<{ usingComponents?: Record<string, string> }>(`${page}.json`)
        json.usingComponents = { ...json.usingComponents, ghost: '/components/ghost/index' }
        copy.write(`${page}.json`, JSON.stringify(json))
      })
      expect(problemsOf(run)).toEqual([
        expect.stringMatching(/^code 10009: [\s\S]*components\/ghost\/index/),
      ])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'Babel and SWC reject different TypeScript: a `declare` field fails Babel, a decorator SWC',
    async () => {
      const declareField = '\nexport class WithDeclared {\n  declare value: string\n}\n'
      const decorator =
        '\nfunction sealed(target: unknown) {\n  return target\n}\n@sealed\nexport class Decorated {}\n'
      const babel = await compileBroken('babel', (copy) => copy.append('app.ts', declareField))
      const swc = await compileBroken('swc', (copy) => copy.append('app.ts', decorator))
      expect(failedChecks(babel)).toEqual([expect.stringContaining('through Babel')])
      expect(failedChecks(swc)).toEqual([expect.stringContaining('through SWC')])
    },
    COMPILE_TIMEOUT_MS,
  )
})

test(
  'what the compiler lets through is caught in its output: requires, unpacked npm, WXML, includes',
  async () => {
    const run = await compileBroken(
      'swc',
      (copy) => {
        const page = firstPage(copy)
        copy.append('app.ts', "\nimport './services/not-there'\n")
        copy.remove('miniprogram_npm/mobx-miniprogram')
        copy.append(
          `${page}.wxml`,
          '\n<view>{{ a + }}</view>\n<include src="./missing-part.wxml" />\n',
        )
      },
      { withNpm: true },
    )
    const page = readAppJson(run.outDir).pages[0]!
    // The compile itself passed: each of these is found by our own checks.
    expect(run.checks[0]!.problems).toEqual([])
    const problems = problemsOf(run)
    expect(problems).toEqual(
      expect.arrayContaining([
        'app.js: require("./services/not-there") resolves to no file',
        'miniprogram_npm/mobx-miniprogram-bindings/index.js: require("mobx-miniprogram") resolves to no file',
        `${page}.wxml: <include src="./missing-part.wxml"> points at no file`,
        expect.stringMatching(new RegExp(`${page}\\.wxml:\\d+:\\d+: Bad value`)),
      ]),
    )
    expect(failedChecks(run)).toEqual([
      'scripts: every require() resolves, ES5 as configured',
      'WXML compiles with wcc',
    ])
  },
  COMPILE_TIMEOUT_MS,
)

describe('packOptions.ignore: what the official compile would upload', () => {
  const shippedProblems = (run: CompileCheckRun) =>
    run.checks.find((check) => check.name === 'no test or tool file is uploaded')?.problems
  // With the unused-file analysis off, only the rules keep tests and tool configs out.
  const rulesOnly = (copy: StagedCopy, ignore: { type: string; value: string }[]) => {
    copy.config = {
      ...copy.config,
      setting: { ...copy.config.setting, ignoreUploadUnusedFiles: false },
      packOptions: { ...copy.config.packOptions, ignore: ignore as never },
    }
  }

  test(
    'the repository’s rules alone keep every test and tool file out',
    async () => {
      const pristineIgnoreRules = workspace().pristine.config.packOptions?.ignore ?? []
      const run = await compileBroken('swc', (copy) => rulesOnly(copy, pristineIgnoreRules))
      expect(run.checks[0]!.problems).toEqual([])
      expect(shippedProblems(run)).toEqual([])
      expect(run.files).toContain('config/index.js')
      expect(run.files.filter((file) => /__tests__|\.test\.|jest|tsconfig/.test(file))).toEqual([])
    },
    COMPILE_TIMEOUT_MS,
  )

  test(
    'rules written from the project root instead of miniprogramRoot match nothing',
    async () => {
      const run = await compileBroken('swc', (copy) =>
        rulesOnly(copy, [
          { type: 'folder', value: 'miniprogram/config/__tests__' },
          { type: 'file', value: 'miniprogram/jest.config.js' },
          { type: 'file', value: 'miniprogram/tsconfig.test.json' },
        ]),
      )
      expect(shippedProblems(run)).toEqual(
        expect.arrayContaining([
          'jest.config.js would be uploaded',
          'tsconfig.test.json would be uploaded',
          expect.stringMatching(/^config\/__tests__\/.*\.test\.js would be uploaded$/),
        ]),
      )
    },
    COMPILE_TIMEOUT_MS,
  )
})
