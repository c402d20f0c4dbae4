import { runPreflight, formatPreflightReport } from '../lib/preflight-checks'
import { releaseUrlProblem } from '../lib/release-config'
import {
  createFixtureProject,
  releaseConfigModule,
  type FixtureProject,
} from './helpers/fixture-project'

let fixture: FixtureProject

beforeEach(() => {
  fixture = createFixtureProject()
})
afterEach(() => fixture.cleanup())

function problems(): string[] {
  const report = runPreflight({ projectDir: fixture.projectDir })
  return report.checks.flatMap((check) => check.problems)
}

test('a complete release project passes', () => {
  const report = runPreflight({ projectDir: fixture.projectDir })
  expect(formatPreflightReport(report)).toContain('preflight passed')
  expect(report.ok).toBe(true)
})

test('a page listed in app.json without its files is reported', () => {
  fixture.remove('miniprogram/pages/home/index.wxml')
  expect(problems()).toEqual(['page "pages/home/index" is missing .wxml'])
})

test('a missing subpackage page is reported', () => {
  fixture.remove('miniprogram/package-chat/pages/chat/index.js')
  expect(problems()).toEqual(['page "package-chat/pages/chat/index" is missing .js'])
})

test('a component used by a page that does not exist is reported', () => {
  fixture.write('miniprogram/pages/home/index.json', {
    usingComponents: { badge: '/components/badge/index' },
  })
  expect(problems()).toEqual([
    'component (used by pages/home/index <badge>) "components/badge/index" is missing .js, .wxml',
    'component "components/badge/index" (used by pages/home/index <badge>) has no .json',
  ])
})

test('a component json without "component": true is reported', () => {
  fixture.write('miniprogram/components/avatar/index.json', {})
  expect(problems()).toEqual([
    'component "components/avatar/index" does not declare "component": true',
  ])
})

test('a tab page outside the main package is reported', () => {
  fixture.write('miniprogram/app.json', {
    pages: ['pages/login/index', 'pages/home/index'],
    subPackages: [{ root: 'package-chat', pages: ['pages/chat/index'] }],
    tabBar: { list: [{ pagePath: 'package-chat/pages/chat/index', text: '聊天' }] },
  })
  expect(problems()).toEqual([
    'tabBar page "package-chat/pages/chat/index" is not in the main package\'s "pages"',
  ])
})

test('a main package over 800 KB is reported', () => {
  fixture.write('miniprogram/assets/big.js', 'x'.repeat(801 * 1024))
  expect(problems()).toEqual([
    expect.stringMatching(/^main: 8\d\d\.\d KB \(≤ 800\.0 KB\) is over budget$/),
  ])
})

test('a subpackage of 2 MB or more is reported', () => {
  fixture.write('miniprogram/package-chat/huge.js', 'x'.repeat(2 * 1024 * 1024))
  expect(problems()).toEqual([expect.stringMatching(/^chat: .* is over budget$/)])
})

const releaseAppServer = (value: string | undefined) =>
  fixture.write(
    'miniprogram/config/index.js',
    releaseConfigModule(
      `  return { mode: 'production'${value === undefined ? '' : `, appServerBaseUrl: '${value}'`} }`,
    ),
  )

test.each([
  ['unset', undefined, 'the release app-server URL is unset: pass --app-server https://'],
  ['empty', '', 'the release app-server URL is unset'],
  [
    'a placeholder',
    'https://im-api.example.com',
    'the release app-server URL "https://im-api.example.com" is a placeholder domain',
  ],
  ['a .test name', 'https://api.chat.test', 'is a placeholder domain'],
  ['not https', 'http://api.chat.test-domain.cn', '"http://api.chat.test-domain.cn" is not https'],
  ['wss, not https', 'wss://api.chat.test-domain.cn', 'is not https'],
  ['an IP address', 'https://10.0.0.8:3000', '"https://10.0.0.8:3000" is an IP address'],
  ['an IPv6 address', 'https://[2001:db8::1]/', 'is an IP address'],
  ['localhost', 'https://localhost:3000', 'points at localhost'],
  ['not a URL', 'api.chat.test-domain.cn', 'is not a URL'],
])('a release app-server URL that is %s fails preflight', (_what, url, reason) => {
  releaseAppServer(url)
  const found = problems()
  expect(found).toEqual([expect.stringContaining(reason)])
  expect(runPreflight({ projectDir: fixture.projectDir }).ok).toBe(false)
})

test('a placeholder anywhere else in the release configuration fails preflight too', () => {
  fixture.write(
    'miniprogram/config/index.js',
    releaseConfigModule(
      "  return { mode: 'production', appServerBaseUrl: 'https://api.chat.test-domain.cn', uploadBaseUrl: 'https://cos.example.org/bucket' }",
    ),
  )
  expect(problems()).toEqual([
    'config.uploadBaseUrl: "https://cos.example.org/bucket" is a placeholder domain, reserved for examples: no phone can reach it',
  ])
})

test('a local-IM proxyServer in the release configuration is reported', () => {
  fixture.write(
    'miniprogram/config/index.js',
    releaseConfigModule(
      "  return { mode: 'production', appServerBaseUrl: 'https://api.chat.test-domain.cn', imProxyServer: 'wss://im.chat.test-domain.cn' }",
    ),
  )
  expect(problems()).toEqual([
    'release configuration sets imProxyServer (wss://im.chat.test-domain.cn): local IM only',
  ])
})

test('a release build that still runs in local mode is reported', () => {
  fixture.write(
    'miniprogram/config/index.js',
    releaseConfigModule(
      "  return { mode: 'local', appServerBaseUrl: 'https://api.chat.test-domain.cn' }",
    ),
  )
  expect(problems()).toEqual(['release build runs in mode "local", not "production"'])
})

test('local overrides written for a local stack fail preflight', () => {
  fixture.write(
    'miniprogram/config/local-overrides.js',
    "module.exports = { appServerBaseUrl: 'http://127.0.0.1:3000', imProxyServer: 'ws://127.0.0.1:9000' }\n",
  )
  expect(problems()).toEqual([
    expect.stringMatching(
      /^config\/local-overrides\.js sets appServerBaseUrl, imProxyServer: it was written for a local stack/,
    ),
  ])
})

test('local overrides with only the release app server pass', () => {
  fixture.write(
    'miniprogram/config/local-overrides.js',
    "module.exports = { productionAppServerBaseUrl: 'https://api.chat.test-domain.cn' }\n",
  )
  expect(problems()).toEqual([])
})

test('privacy APIs without the authorization flow are reported', () => {
  fixture.write('miniprogram/pages/login/index.js', 'Component({})\n')
  fixture.write(
    'miniprogram/pages/login/index.wxml',
    '<button open-type="chooseAvatar">头像</button>\n',
  )
  expect(problems()).toEqual([
    'no page or component registers wx.onNeedPrivacyAuthorization',
    'no button with open-type="agreePrivacyAuthorization"',
  ])
})

test('urlCheck turned off in the release project is reported', () => {
  fixture.write('project.config.json', {
    miniprogramRoot: 'miniprogram/',
    setting: { urlCheck: false },
  })
  expect(problems()).toEqual([
    'the release project turns urlCheck off: that is for development in DevTools only',
  ])
})

test('a missing app.json stops preflight with a clear problem', () => {
  fixture.remove('miniprogram/app.json')
  expect(problems()[0]).toMatch(/cannot read .*app\.json/)
})

test('release URLs: https and wss to real, named hosts only', () => {
  expect(releaseUrlProblem('https://api.example.cn/v1')).toBeNull()
  expect(releaseUrlProblem('wss://im.example.cn')).toBeNull()
  expect(releaseUrlProblem('https://examples.com')).toBeNull()
  expect(releaseUrlProblem('ws://im.example.cn')).toContain('uses ws')
  expect(releaseUrlProblem('https://[::1]:8080')).toContain('IP address')
  expect(releaseUrlProblem('not a url')).toContain('is not a URL')
  for (const placeholder of [
    'https://example.com',
    'https://api.EXAMPLE.net',
    'https://im.example.org.',
    'https://chat.example',
    'https://chat.invalid',
  ]) {
    expect(releaseUrlProblem(placeholder)).toContain('is a placeholder domain')
  }
})
