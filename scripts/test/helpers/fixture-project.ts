/**
 * Small release projects written to a temp folder: a valid one by default, and each test breaks exactly one
 * thing in it. Generated rather than committed so every variant stays one line in the test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface FixtureProject {
  projectDir: string
  miniprogramDir: string
  write(relative: string, content: string | object): void
  remove(relative: string): void
  cleanup(): void
}

export const releaseConfigModule = (body: string) =>
  `exports.getConfig = function () {\n  var env = wx.getAccountInfoSync().miniProgram.envVersion\n${body}\n}\n`

export function createFixtureProject(): FixtureProject {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'preflight-fixture-'))
  const miniprogramDir = path.join(projectDir, 'miniprogram')
  const write = (relative: string, content: string | object) => {
    const file = path.join(projectDir, relative)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
  write('project.config.json', {
    appid: 'touristappid',
    miniprogramRoot: 'miniprogram/',
    setting: { urlCheck: true },
  })
  // A tab bar needs at least two items (WeChat's compiler checks app.json against its schema).
  write('miniprogram/app.json', {
    pages: ['pages/login/index', 'pages/home/index', 'pages/me/index'],
    subPackages: [{ root: 'package-chat', name: 'chat', pages: ['pages/chat/index'] }],
    tabBar: {
      list: [
        { pagePath: 'pages/home/index', text: '首页' },
        { pagePath: 'pages/me/index', text: '我' },
      ],
    },
  })
  write('miniprogram/app.js', 'App({})\n')
  const page = (base: string, wxml: string, js = 'Component({})\n', usingComponents = {}) => {
    write(`miniprogram/${base}.js`, js)
    write(`miniprogram/${base}.wxml`, wxml)
    write(`miniprogram/${base}.json`, { usingComponents })
  }
  page(
    'pages/login/index',
    '<button open-type="agreePrivacyAuthorization" id="agree">同意</button>\n<button open-type="chooseAvatar">头像</button>\n',
    'Component({ lifetimes: { attached() { wx.onNeedPrivacyAuthorization(function () {}) } } })\n',
    { avatar: '/components/avatar/index' },
  )
  page('pages/home/index', '<view>home</view>\n')
  page('pages/me/index', '<view>me</view>\n')
  page('package-chat/pages/chat/index', '<view>chat</view>\n', 'Component({})\n', {
    avatar: '../../../components/avatar/index',
  })
  write('miniprogram/components/avatar/index.js', 'Component({})\n')
  write('miniprogram/components/avatar/index.wxml', '<image />\n')
  write('miniprogram/components/avatar/index.json', { component: true })
  write(
    'miniprogram/config/index.js',
    releaseConfigModule(
      "  if (env === 'release') return { mode: 'production', appServerBaseUrl: 'https://api.chat.test-domain.cn' }\n  return { mode: 'local', appServerBaseUrl: 'http://127.0.0.1:3000', imProxyServer: 'ws://127.0.0.1:9000' }",
    ),
  )
  return {
    projectDir,
    miniprogramDir,
    write,
    remove: (relative) => rmSync(path.join(projectDir, relative), { force: true }),
    cleanup: () => rmSync(projectDir, { recursive: true, force: true }),
  }
}
