import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { createFixtureProject, type FixtureProject } from './helpers/fixture-project'

const repoRoot = path.resolve(__dirname, '..', '..')
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx')

let fixture: FixtureProject
beforeEach(() => {
  fixture = createFixtureProject()
})
afterEach(() => fixture.cleanup())

/** Runs the real CLI with no WeChat credentials in its environment; nothing here can reach WeChat. */
function upload(args: string[], env: Record<string, string> = {}) {
  const cleanEnv = { ...process.env }
  delete cleanEnv.WX_APPID
  delete cleanEnv.WX_UPLOAD_PRIVATE_KEY_PATH
  const result = spawnSync(tsx, [path.join(repoRoot, 'scripts', 'upload.ts'), ...args], {
    cwd: repoRoot,
    env: { ...cleanEnv, ...env },
    encoding: 'utf8',
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

test('without a key the upload stops after preflight with a clear message', () => {
  const { status, output } = upload([
    '--version',
    '1.0.0',
    '--desc',
    '首个版本',
    '--project',
    fixture.projectDir,
  ])
  expect(output).toContain('preflight passed')
  expect(output).toContain('upload stopped before contacting WeChat: set WX_APPID')
  expect(output).toContain('WX_UPLOAD_PRIVATE_KEY_PATH')
  expect(status).toBe(2)
})

test('a key path that does not exist is refused', () => {
  const { status, output } = upload(
    ['--version', '1.0.0', '--desc', 'x', '--project', fixture.projectDir],
    { WX_APPID: 'wx0123456789abcdef', WX_UPLOAD_PRIVATE_KEY_PATH: '/nonexistent/private.key' },
  )
  expect(output).toContain('the key file /nonexistent/private.key does not exist')
  expect(status).toBe(2)
})

test('a malformed app ID is refused even with a key file', () => {
  const keyFile = path.join(fixture.projectDir, 'private.key')
  writeFileSync(keyFile, 'not used')
  const { status, output } = upload(
    ['--version', '1.0.0', '--desc', 'x', '--project', fixture.projectDir],
    { WX_APPID: 'touristappid', WX_UPLOAD_PRIVATE_KEY_PATH: keyFile },
  )
  expect(output).toContain('WX_APPID "touristappid" is not an AppID')
  expect(status).toBe(2)
})

test('preflight problems stop the upload before credentials are even read', () => {
  fixture.remove('miniprogram/pages/home/index.wxml')
  const { status, output } = upload([
    '--version',
    '1.0.0',
    '--desc',
    'x',
    '--project',
    fixture.projectDir,
  ])
  expect(output).toContain("✘ WeChat's compiler (miniprogram-ci)")
  expect(output).toMatch(/pages\/home\/index/)
  expect(output).toContain('upload stopped: preflight failed')
  expect(output).not.toContain('WX_APPID')
  expect(status).toBe(2)
})

test('a missing or malformed version is a usage error', () => {
  expect(upload(['--desc', 'x']).output).toContain('usage: npm run upload -- --version <x.y.z>')
  expect(upload(['--version', 'v1', '--desc', 'x']).status).toBe(2)
  expect(upload(['--version', '1.0.0']).output).toContain('--desc <text> is required')
})
