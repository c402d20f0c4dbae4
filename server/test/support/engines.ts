/**
 * The two database engines every store test runs against: SQLite (a file in a temp dir) and a
 * throwaway PostgreSQL cluster started once per test file, each test getting a fresh database.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DatabaseConfig } from '../../src/config'
import { createDatabase, startPostgres, type RunningService } from './throwaway-servers'

export type EngineName = 'sqlite' | 'postgres'
export const ENGINES: EngineName[] = ['sqlite', 'postgres']

/** Call in a test file's top level: starts PostgreSQL once and cleans up both engines' leftovers. */
export function useEngines(): { fresh(engine: EngineName): Promise<DatabaseConfig> } {
  let postgres: RunningService | undefined
  let tempDir: string | undefined
  let counter = 0
  beforeAll(async () => {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'tim-sqlite-'))
    postgres = await startPostgres()
  })
  afterAll(async () => {
    await postgres?.stop()
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true })
  })
  return {
    async fresh(engine) {
      counter += 1
      if (engine === 'sqlite') {
        return { kind: 'sqlite', file: path.join(tempDir as string, `db${counter}.sqlite`) }
      }
      if (postgres === undefined) throw new Error('PostgreSQL did not start')
      return { kind: 'postgres', url: await createDatabase(postgres.url, `test_${counter}`) }
    },
  }
}
