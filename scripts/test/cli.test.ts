import { spawnSync } from 'node:child_process'
import path from 'node:path'
import {
  createFixtureProject,
  releaseConfigModule,
  type FixtureProject,
} from './helpers/fixture-project'

const repoRoot = path.resolve(__dirname, '..', '..')
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx')

function run(script: string, args: string[]) {
  const result = spawnSync(tsx, [path.join(repoRoot, 'scripts', script), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

let fixture: FixtureProject
beforeEach(() => {
  fixture = createFixtureProject()
})
afterEach(() => fixture.cleanup())

test('npm run size prints the table and passes within budget', () => {
  const { status, stdout } = run('size.ts', ['--dir', fixture.miniprogramDir])
  expect(stdout).toMatch(/^package\s+root\s+files\s+size\s+budget\s+status$/m)
  expect(stdout).toMatch(/^main\s+\/\s+\d+\s+[\d.]+ KB\s+≤ 800\.0 KB\s+ok$/m)
  expect(status).toBe(0)
})

test('npm run size exits non-zero and names the package over budget', () => {
  fixture.write('miniprogram/package-chat/huge.js', 'x'.repeat(2 * 1024 * 1024))
  const { status, stdout, stderr } = run('size.ts', ['--dir', fixture.miniprogramDir])
  expect(stdout).toMatch(/^chat\s+package-chat\/.*OVER BUDGET$/m)
  expect(stderr).toContain('over budget: chat')
  expect(status).toBe(1)
})

test('npm run preflight reports each problem and exits non-zero', () => {
  fixture.write('miniprogram/pages/login/index.js', 'Component({})\n')
  fixture.write('project.config.json', {
    miniprogramRoot: 'miniprogram/',
    setting: { urlCheck: false },
  })
  const { status, stdout } = run('preflight.ts', ['--project', fixture.projectDir])
  expect(stdout).toContain("✔ WeChat's compiler (miniprogram-ci)")
  expect(stdout).toContain('✘ privacy authorization flow')
  expect(stdout).toContain('no page or component registers wx.onNeedPrivacyAuthorization')
  expect(stdout).toContain('✘ domain check (urlCheck)')
  expect(stdout).toContain('✔ package sizes')
  expect(stdout).toContain('preflight failed: 2 problem(s)')
  expect(status).toBe(1)
})

test('npm run preflight fails on what WeChat’s compiler rejects', () => {
  fixture.remove('miniprogram/pages/home/index.js')
  const { status, stdout } = run('preflight.ts', ['--project', fixture.projectDir])
  expect(stdout).toContain("✘ WeChat's compiler (miniprogram-ci)")
  expect(stdout).toMatch(/code \d+: .*pages\/home\/index/)
  expect(stdout).toContain('preflight failed: 1 problem(s)')
  expect(status).toBe(1)
})

test('npm run preflight fails a release that points at a placeholder domain', () => {
  fixture.write(
    'miniprogram/config/index.js',
    releaseConfigModule(
      "  return { mode: 'production', appServerBaseUrl: 'https://im-api.example.com' }",
    ),
  )
  const { status, stdout } = run('preflight.ts', ['--project', fixture.projectDir])
  expect(stdout).toContain("✔ WeChat's compiler (miniprogram-ci)")
  expect(stdout).toContain('✘ release configuration')
  expect(stdout).toContain('"https://im-api.example.com" is a placeholder domain')
  expect(stdout).toContain('preflight failed: 1 problem(s)')
  expect(status).toBe(1)
})

test('npm run preflight refuses --app-server for a project it did not stage', () => {
  const { status, stderr } = run('preflight.ts', [
    '--project',
    fixture.projectDir,
    '--app-server',
    'https://api.chat.test-domain.cn',
  ])
  expect(stderr).toContain('--app-server is for the staged release')
  expect(status).toBe(1)
})

test('npm run preflight passes a good release project', () => {
  const { status, stdout } = run('preflight.ts', ['--project', fixture.projectDir])
  expect(stdout).toContain('preflight passed')
  expect(status).toBe(0)
})

test('npm run build refuses an unknown compiler or an ES5 path without WeChat’s compiler', () => {
  const unknown = run('build.ts', ['--out', fixture.projectDir, '--compiler', 'babel'])
  expect(unknown.stderr).toContain('--compiler should be tsc or wechat, got "babel"')
  expect(unknown.status).toBe(1)
  const es5 = run('build.ts', ['--out', fixture.projectDir, '--es5', 'swc'])
  expect(es5.stderr).toContain('--es5 needs --compiler wechat')
  expect(es5.status).toBe(1)
})
