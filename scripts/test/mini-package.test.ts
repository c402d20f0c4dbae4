import { formatSizeTable, measurePackages } from '../lib/mini-package'
import { isShippedSource, overridesModuleSource } from '../lib/build-miniprogram'
import { createFixtureProject, type FixtureProject } from './helpers/fixture-project'

let fixture: FixtureProject
beforeEach(() => {
  fixture = createFixtureProject()
})
afterEach(() => fixture.cleanup())

test('files are counted in the package whose root holds them', () => {
  fixture.write('miniprogram/miniprogram_npm/sdk/index.js', 'x'.repeat(10_000))
  fixture.write('miniprogram/package-chat/pages/chat/extra.js', 'y'.repeat(3_000))
  // A main-package folder whose name merely starts like the subpackage root stays in main.
  fixture.write('miniprogram/package-chatter/a.js', 'z'.repeat(500))
  const [main, chat] = measurePackages(fixture.miniprogramDir)
  expect(main!.name).toBe('main')
  expect(chat!.name).toBe('chat')
  expect(chat!.root).toBe('package-chat/')
  expect(main!.bytes).toBeGreaterThan(10_500)
  expect(main!.bytes).toBeLessThan(13_000)
  expect(chat!.bytes).toBeGreaterThan(3_000)
  expect(chat!.bytes).toBeLessThan(3_500)
  expect(main!.ok && chat!.ok).toBe(true)
})

test('the size table lists every package, its budget and a total', () => {
  fixture.write('miniprogram/big.js', 'x'.repeat(900 * 1024))
  const table = formatSizeTable(measurePackages(fixture.miniprogramDir))
  const lines = table.split('\n')
  expect(lines[0]).toMatch(/^package\s+root\s+files\s+size\s+budget\s+status$/)
  expect(lines[1]).toMatch(/^main\s+\/\s+\d+\s+90\d\.\d KB\s+≤ 800\.0 KB\s+OVER BUDGET$/)
  expect(lines[2]).toMatch(/^chat\s+package-chat\/\s+\d+\s+[\d.]+ KB\s+< 2048\.0 KB\s+ok$/)
  expect(lines[3]).toMatch(/^total\s+\d+\s+9\d\d\.\d KB$/)
})

test('a folder that is not a build is a clear error', () => {
  expect(() => measurePackages(fixture.projectDir)).toThrow(/not a built mini-program/)
})

test('only what the platform ships is copied into a build', () => {
  expect(isShippedSource('pages/login/index.wxml')).toBe(true)
  expect(isShippedSource('app.json')).toBe(true)
  expect(isShippedSource('assets/tab.png')).toBe(true)
  expect(isShippedSource('pages/login/index.ts')).toBe(false)
  expect(isShippedSource('pages/login/__tests__/login.test.ts')).toBe(false)
  expect(isShippedSource('pages/login/__tests__/fixture.json')).toBe(false)
  expect(isShippedSource('tsconfig.test.json')).toBe(false)
  expect(isShippedSource('jest.config.js')).toBe(false)
})

test('build overrides are validated and written as a CommonJS module', () => {
  const source = overridesModuleSource({
    appServerBaseUrl: 'http://127.0.0.1:4000/',
    imProxyServer: 'ws://127.0.0.1:9100',
  })
  const module = { exports: {} as unknown }
  new Function('module', source)(module)
  expect(module.exports).toEqual({
    appServerBaseUrl: 'http://127.0.0.1:4000',
    imProxyServer: 'ws://127.0.0.1:9100',
  })
  expect(() => overridesModuleSource({ appServerBaseUrl: '127.0.0.1:4000' })).toThrow(
    /--app-server must be an absolute URL/,
  )
  expect(() => overridesModuleSource({ imProxyServer: 'http://127.0.0.1:9000' })).toThrow(
    /--im-proxy must use ws: or wss:/,
  )
})
