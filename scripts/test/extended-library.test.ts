/**
 * WeChat's extended library (app.json `useExtendedLib`) provides WeUI's components: the page and component check
 * must not ask the upload for them, in either form a page can carry (as written, or as WeChat's compiler rewrites
 * it), and must still ask when the app has not turned the library on.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkPagesAndComponents } from '../lib/preflight-checks'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'extended-library-'))
  mkdirSync(path.join(dir, 'pages', 'me'), { recursive: true })
  for (const ext of ['js', 'wxml']) writeFileSync(path.join(dir, 'pages', 'me', `index.${ext}`), '')
  writeFileSync(
    path.join(dir, 'pages', 'me', 'index.json'),
    JSON.stringify({
      usingComponents: {
        'mp-cells': 'weui-miniprogram/cells/cells',
        'mp-cell': '/miniprogram_npm/weui-miniprogram/cell/cell',
      },
    }),
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('components of an extended library the app turned on are the platform’s', () => {
  const result = checkPagesAndComponents(dir, {
    pages: ['pages/me/index'],
    useExtendedLib: { weui: true },
  })
  expect(result.problems).toEqual([])
})

test('without useExtendedLib the same components must ship', () => {
  const result = checkPagesAndComponents(dir, { pages: ['pages/me/index'] })
  expect(result.problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('weui-miniprogram/cells/cells'),
      expect.stringContaining('weui-miniprogram/cell/cell'),
    ]),
  )
})
