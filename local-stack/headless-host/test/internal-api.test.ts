// The in-process API the lead's viewer uses (rendered HTML + CSS, interactions on nodes named in it). jsdom
// cannot load inside jest's module sandbox, so a small driver runs it in a child process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fixturesDir, packFixtureNpm, repoRoot } from './helpers'

interface Observed {
  wsEndpoint: string
  port: number
  first: { route: string; html: string; css: string; document: string }
  afterTap: string
  afterInput: string
  scrolledTo: number
  afterTabRoute: string
  changes: number
}

let observed: Observed

beforeAll(() => {
  const projectDir = path.join(fixturesDir, 'basic')
  packFixtureNpm(projectDir)
  const run = spawnSync(
    path.join(repoRoot, 'node_modules/.bin/tsx'),
    [path.join(__dirname, 'internal-api-driver.ts'), projectDir],
    { encoding: 'utf8' },
  )
  if (run.status !== 0) throw new Error(`driver failed:\n${run.stderr}`)
  observed = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Observed
})

test('renderPage gives the page HTML with node ids, the compiled CSS, and a full document', () => {
  expect(observed.first.route).toBe('pages/index/index')
  expect(observed.first.html).toContain('Count: 0')
  expect(observed.first.html).toMatch(/data-hid="e\d+"/)
  expect(observed.first.css).toContain('wx-button')
  expect(observed.first.css).toContain('.btn')
  expect(observed.first.css).toContain('.components_counter_counter--cbtn')
  expect(observed.first.document).toContain('class="host-tabbar"')
  expect(observed.first.document).toContain('>Fixture<')
})

test('tap, input, scroll and tabBar taps act on nodes named by data-hid and the page re-renders', () => {
  expect(observed.afterTap).toContain('Count: 1')
  expect(observed.afterInput).toContain('>typed<')
  expect(observed.scrolledTo).toBe(120)
  expect(observed.afterTabRoute).toBe('pages/mine/mine')
  expect(observed.changes).toBeGreaterThan(0)
})

test('the wsEndpoint is on 127.0.0.1 with the chosen port', () => {
  expect(observed.wsEndpoint).toBe(`ws://127.0.0.1:${observed.port}`)
})
