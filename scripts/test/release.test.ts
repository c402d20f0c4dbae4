// This repository's release as `npm run preflight` and `npm run upload` handle it: staged as a DevTools project
// (TypeScript sources + packed npm) with the app server from --app-server, compiled once by WeChat's compiler
// exactly as the upload compiles it, then judged by preflight.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { TIMEOUTS } from '@tim-c2c/test-support'
import { runPreflight } from '../lib/preflight-checks'
import { stageRelease } from '../lib/release-project'
import { compileWithWechat } from '../lib/wechat-compile'
import type { StagedProject } from '../lib/wechat-project'

const APP_SERVER = 'https://api.chat.test-domain.cn'
// One Babel compile of the whole app: over a minute on two busy cores.
const COMPILE_TIMEOUT_MS = TIMEOUTS.compileTest

let workDir: string
let staged: StagedProject
let outDir: string
let files: string[]
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'release-test-'))
  staged = await stageRelease({
    stagingDir: path.join(workDir, 'project'),
    appServerUrl: `${APP_SERVER}/`,
  })
  outDir = path.join(workDir, 'compiled')
  files = (await compileWithWechat(staged.projectDir, outDir)).files
}, COMPILE_TIMEOUT_MS)
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

const preflightProblems = () =>
  runPreflight({ projectDir: staged.projectDir, packageDir: outDir }).checks.flatMap(
    (check) => check.problems,
  )

test('the release project is the TypeScript project with domain checking on', () => {
  const config = JSON.parse(
    readFileSync(path.join(staged.projectDir, 'project.config.json'), 'utf8'),
  )
  expect(config.setting.urlCheck).toBe(true)
  expect(config.setting.useCompilerPlugins).toEqual(['typescript'])
  expect(existsSync(path.join(staged.miniprogramDir, 'app.ts'))).toBe(true)
  expect(existsSync(path.join(staged.miniprogramDir, 'miniprogram_npm', 'tim-wx-sdk'))).toBe(true)
})

test('what the upload sends: compiled code, the release app server, no test or tool file', () => {
  expect(files).toEqual(
    expect.arrayContaining(['app.js', 'config/index.js', 'config/local-overrides.js']),
  )
  expect(files.filter((file) => /\.ts$|__tests__|\.test\.|jest|tsconfig/.test(file))).toEqual([])
  expect(readFileSync(path.join(outDir, 'config', 'local-overrides.js'), 'utf8')).toMatch(
    /productionAppServerBaseUrl"?:\s*"https:\/\/api\.chat\.test-domain\.cn"/,
  )
})

test('with --app-server https://<a real domain> the release passes preflight', () => {
  const report = runPreflight({ projectDir: staged.projectDir, packageDir: outDir })
  expect(report.checks.flatMap((check) => check.problems)).toEqual([])
  expect(report.checks.find((check) => check.name === 'release configuration')?.notes).toContain(
    `config.appServerBaseUrl = ${APP_SERVER}`,
  )
  expect(report.ok).toBe(true)
})

test('without --app-server the app’s own production URL is judged, and the repository’s placeholder fails', () => {
  rmSync(path.join(outDir, 'config', 'local-overrides.js'))
  try {
    expect(preflightProblems()).toEqual([
      expect.stringMatching(/^the release app-server URL .*(unset|is a placeholder domain)/),
    ])
  } finally {
    writeFileSync(
      path.join(outDir, 'config', 'local-overrides.js'),
      readFileSync(path.join(staged.miniprogramDir, 'config', 'local-overrides.js')),
    )
  }
})

test('overrides written for a local stack fail preflight', () => {
  const overrides = path.join(outDir, 'config', 'local-overrides.js')
  const release = readFileSync(overrides)
  writeFileSync(
    overrides,
    "module.exports = { appServerBaseUrl: 'http://127.0.0.1:3000', imProxyServer: 'ws://127.0.0.1:9000' }\n",
  )
  try {
    expect(preflightProblems()).toEqual([
      expect.stringContaining('config/local-overrides.js sets appServerBaseUrl, imProxyServer'),
      // Without productionAppServerBaseUrl the placeholder is back as well.
      expect.stringMatching(/^the release app-server URL /),
    ])
  } finally {
    writeFileSync(overrides, release)
  }
})

test('a URL that is not one is refused before anything is staged', async () => {
  await expect(stageRelease({ appServerUrl: 'api.chat.test-domain.cn' })).rejects.toThrow(
    '--app-server must be an absolute URL, got "api.chat.test-domain.cn"',
  )
})
