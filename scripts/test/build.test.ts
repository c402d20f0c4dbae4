import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { TIMEOUTS } from '@tim-c2c/test-support'
import { buildMiniprogram } from '../lib/build-miniprogram'
import { listFiles, readAppJson } from '../lib/mini-package'

let workDir: string
beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'build-test-'))
})
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

test('a folder that is not an earlier build is never wiped', async () => {
  writeFileSync(path.join(workDir, 'keep.txt'), 'x')
  await expect(buildMiniprogram({ outDir: workDir })).rejects.toThrow(/refusing to build into/)
  expect(existsSync(path.join(workDir, 'keep.txt'))).toBe(true)
})

test('bad override URLs are refused before anything is built', async () => {
  const outDir = path.join(workDir, 'never-built')
  await expect(
    buildMiniprogram({ outDir, overrides: { imProxyServer: 'http://127.0.0.1:9000' } }),
  ).rejects.toThrow(/--im-proxy must use ws: or wss:/)
  expect(existsSync(outDir)).toBe(false)
})

test('the build is the mini-program the platform would run, with local overrides read by the app config', async () => {
  const projectDir = path.join(workDir, 'project')
  const outDir = path.join(projectDir, 'miniprogram')
  await buildMiniprogram({
    outDir,
    overrides: { appServerBaseUrl: 'http://127.0.0.1:4100', imProxyServer: 'ws://127.0.0.1:9100' },
  })
  const files = listFiles(outDir)
  const appJson = readAppJson(outDir)
  for (const page of [
    ...appJson.pages,
    ...(appJson.subPackages ?? []).flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`)),
  ]) {
    for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect(files).toContain(page + ext)
  }
  expect(files).toContain('app.js')
  expect(files).toContain('miniprogram_npm/tim-wx-sdk/index.js')
  expect(files).toContain('miniprogram_npm/mobx-miniprogram-bindings/index.js')
  expect(files.filter((file) => /\.ts$|\.map$|__tests__|jest\.config/.test(file))).toEqual([])

  // The app's own config module, compiled, picks the overrides up in local (develop) mode.
  const globals = globalThis as { wx?: unknown }
  globals.wx = { getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop' } }) }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getConfig } = require(path.join(outDir, 'config', 'index.js')) as {
      getConfig: () => unknown
    }
    expect(getConfig()).toMatchObject({
      mode: 'local',
      appServerBaseUrl: 'http://127.0.0.1:4100',
      imProxyServer: 'ws://127.0.0.1:9100',
    })
  } finally {
    delete globals.wx
  }
  expect(readFileSync(path.join(outDir, 'config', 'local-overrides.js'), 'utf8')).toContain(
    'ws://127.0.0.1:9100',
  )

  // The package budgets are judged on WeChat's own compile, the files an upload sends (`npm run size`, and
  // preflight in release.test.ts), not on this development build, whose indentation never ships.
})

test(
  '--compiler wechat: WeChat’s own compile of the project, with the local overrides beside it',
  async () => {
    const outDir = path.join(workDir, 'wechat-build')
    const result = await buildMiniprogram({
      outDir,
      compiler: 'wechat',
      es5: 'swc',
      overrides: {
        appServerBaseUrl: 'http://127.0.0.1:4200',
        imProxyServer: 'ws://127.0.0.1:9200',
      },
    })
    expect(result.compiler).toBe('wechat')
    const files = listFiles(outDir)
    expect(files).toEqual(
      expect.arrayContaining([
        'app.js',
        'config/index.js',
        'config/local-overrides.js',
        'miniprogram_npm/tim-wx-sdk/index.js',
      ]),
    )
    // SWC's helpers next to the code, no TypeScript and no tests: the files an upload sends.
    expect(files.some((file) => file.startsWith('@swc/runtime/'))).toBe(true)
    expect(files.filter((file) => /\.ts$|__tests__|jest\.config/.test(file))).toEqual([])
    const globals = globalThis as { wx?: unknown }
    globals.wx = { getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop' } }) }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { getConfig } = require(path.join(outDir, 'config', 'index.js')) as {
        getConfig: () => unknown
      }
      expect(getConfig()).toMatchObject({
        mode: 'local',
        appServerBaseUrl: 'http://127.0.0.1:4200',
        imProxyServer: 'ws://127.0.0.1:9200',
      })
    } finally {
      delete globals.wx
    }
  },
  TIMEOUTS.compileTest,
)
