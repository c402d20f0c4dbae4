// The CLI contract, bad input, and the product's own built mini-program in the host.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  connect,
  fixturesDir,
  packFixtureNpm,
  repoRoot,
  startHostProcess,
  waitFor,
} from './helpers'
import { pngInfo } from './png'

const cli = path.join(__dirname, '../src/cli.ts')
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx')

test('missing options print the usage and exit 1', () => {
  const result = spawnSync(tsx, [cli], { encoding: 'utf8' })
  expect(result.status).toBe(1)
  expect(result.stderr).toContain(
    'usage: npm run host -- --project <built mini-program dir> --port <p>',
  )
})

test('a folder that is not a built mini-program is refused with a clear message', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-miniprogram-'))
  await expect(startHostProcess(empty)).rejects.toThrow(
    'is not a built mini-program: app.json is missing',
  )
})

test('--storage: a saved storage file is read at start; a broken one is refused with a clear message', async () => {
  const projectDir = path.join(fixturesDir, 'basic')
  packFixtureNpm(projectDir)
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-storage-'))
  const broken = path.join(storageDir, 'broken.json')
  fs.writeFileSync(broken, '{ not json')
  await expect(startHostProcess(projectDir, ['--storage', broken])).rejects.toThrow(
    `storage file ${broken} is not valid JSON`,
  )
  const saved = path.join(storageDir, 'saved.json')
  fs.writeFileSync(saved, JSON.stringify({ session: { user: 'alice' } }))
  const host = await startHostProcess(projectDir, ['--storage', saved])
  const miniProgram = await connect(host)
  try {
    expect(await miniProgram.callWxMethod('getStorageSync', 'session')).toEqual({ user: 'alice' })
  } finally {
    miniProgram.disconnect()
    expect(await host.stop()).toBe(0)
  }
})

const buildScript = path.join(repoRoot, 'scripts/build.ts')
const productBuild = fs.existsSync(buildScript) ? describe : describe.skip
if (!fs.existsSync(buildScript)) {
  console.warn(
    'skipping the product check: scripts/build.ts (npm run build) is not in this checkout',
  )
}

productBuild('the product mini-program', () => {
  test('builds, loads in the host and renders its login page; SIGTERM stops the host cleanly', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'product-build-'))
    const build = spawnSync('npm', ['run', 'build', '--', '--out', outDir], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
    expect(build.stderr + build.stdout).toContain('built ')
    expect(build.status).toBe(0)
    const host = await startHostProcess(outDir)
    const miniProgram = await connect(host)
    try {
      // The product opens on its conversation list, which hands over to the login page with no saved session.
      const pages = JSON.parse(fs.readFileSync(path.join(outDir, 'app.json'), 'utf8')) as {
        pages: string[]
      }
      expect(pages.pages[0]).toBe('pages/conversations/index')
      const page = await waitFor(
        () => miniProgram.currentPage(),
        (current) => current?.path === 'pages/login/index',
        'the login page after the list page handed over',
      )
      expect((await page?.$$('button'))?.length).toBeGreaterThan(0)
      const viewed = await fetch(`http://127.0.0.1:${host.port}/`)
      expect(viewed.headers.get('content-type')).toContain('text/html')
      expect(await viewed.text()).toContain('登录')
      const picture = await fetch(`http://127.0.0.1:${host.port}/screenshot.png`)
      expect(pngInfo(Buffer.from(await picture.arrayBuffer())).width).toBe(750)
      const shot = pngInfo(Buffer.from((await miniProgram.screenshot()) as string, 'base64'))
      expect([shot.width, shot.height]).toEqual([750, 1334])
      expect(shot.distinctBytes).toBeGreaterThan(20)
    } finally {
      miniProgram.disconnect()
      expect(await host.stop()).toBe(0)
    }
  }, 180000)
})
