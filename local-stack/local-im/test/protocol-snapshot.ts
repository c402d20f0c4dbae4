import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractProtocolTable, type ProtocolShape } from '../testing/protocol-table'
import type { SdkBuild } from '../testing'
import { startTestIm } from './helpers'

export const SNAPSHOT_FILE = join(__dirname, 'fixtures', 'implemented-protocols.json')

export type ProtocolSnapshot = Record<SdkBuild, Record<string, ProtocolShape>>

/** The shapes of the SDK protocols whose servcmd the local IM implements, per build. */
export function implementedShapes(implemented: string[]): ProtocolSnapshot {
  const snapshot = {} as ProtocolSnapshot
  for (const build of ['basic', 'friendship'] as const) {
    snapshot[build] = Object.fromEntries(
      extractProtocolTable(build)
        .filter((protocol) => implemented.includes(protocol.servcmd))
        .map((protocol) => [protocol.name, protocol]),
    )
  }
  return snapshot
}

/** `npx tsx local-stack/local-im/test/protocol-snapshot.ts` rewrites the snapshot after review. */
async function main(): Promise<void> {
  const im = await startTestIm()
  try {
    const snapshot = implementedShapes(im.implementedServcmds)
    writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(snapshot, null, 2)}\n`)
    process.stdout.write(`wrote ${SNAPSHOT_FILE}\n`)
  } finally {
    await im.close()
  }
}

if (require.main === module) void main()
