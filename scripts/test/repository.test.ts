// What the repository itself must keep out of commits, checked with git's own rules.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const repoRoot = path.resolve(__dirname, '..', '..')

test.each([
  'miniprogram/config/local-overrides.js',
  'miniprogram/miniprogram_npm/tim-wx-sdk/index.js',
  'build/miniprogram/app.js',
])('%s is git-ignored', (file) => {
  const result = spawnSync('git', ['check-ignore', '--quiet', '--no-index', file], {
    cwd: repoRoot,
  })
  expect(result.status).toBe(0)
})
