import { readFileSync } from 'node:fs'
import type { LocalIm } from '../src/index'
import { extractProtocolTable } from '../testing/protocol-table'
import { implementedShapes, SNAPSHOT_FILE, type ProtocolSnapshot } from './protocol-snapshot'
import { startTestIm } from './helpers'

let im: LocalIm

beforeAll(async () => {
  im = await startTestIm()
})

afterAll(async () => {
  await im?.close()
})

test('every servcmd the local IM implements still exists in the installed SDK', () => {
  for (const build of ['basic', 'friendship'] as const) {
    const sdkServcmds = new Set(extractProtocolTable(build).map((p) => p.servcmd))
    const friendshipOnly = (servcmd: string) =>
      servcmd.startsWith('sns.friend') || servcmd === 'sns.pendency_get'
    const missing = im.implementedServcmds.filter(
      (servcmd) => !sdkServcmds.has(servcmd) && !(build === 'basic' && friendshipOnly(servcmd)),
    )
    expect({ build, missing }).toEqual({ build, missing: [] })
  }
})

test('the implemented protocols keep the shape the local IM was built against', () => {
  const expected = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as ProtocolSnapshot
  const actual = implementedShapes(im.implementedServcmds)
  expect(actual).toEqual(expected)
})

test('servcmds the SDK has that the local IM answers only generically are reported', () => {
  const implemented = new Set(im.implementedServcmds)
  const generic = [...new Set(extractProtocolTable('friendship').map((p) => p.servcmd))].filter(
    (servcmd) => !implemented.has(servcmd),
  )
  // Reported, not failed: these get a generic OK (see README, "What is emulated").
  expect(generic.length).toBeGreaterThan(0)
  process.stdout.write(
    `local-im protocol drift: ${generic.length} SDK servcmds answered generically: ${generic.sort().join(', ')}\n`,
  )
})
