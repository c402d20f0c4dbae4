/**
 * Opens the database the configuration names (an embedded SQLite file, or PostgreSQL when
 * DATABASE_URL is set) behind one Kysely instance, and brings its schema up to date.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { DatabaseConfig } from '../config'
import { migrationProvider } from './migrations'
import type { Database } from './schema'

/** PostgreSQL's int8 (our millisecond times) arrives as a string by default; they fit a double exactly. */
const INT8_OID = 20

function postgresPool(url: string, onIdleError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  })
  // An idle connection the server drops (restart, failover, admin shutdown) is reported here; the
  // pool discards it and opens another on demand. Without a listener the event would end the process.
  pool.on('error', onIdleError)
  return pool
}

function sqliteDatabase(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const database = new SQLite(file)
  // WAL lets readers run beside the writer; the busy timeout covers two processes sharing the file.
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  return database
}

/** For callers without a logger (tools, tests): the pool recovers by itself either way. */
function ignoreDroppedConnection(_droppedConnection: Error): void {}

export function openDatabase(
  config: DatabaseConfig,
  onIdleError: (error: Error) => void = ignoreDroppedConnection,
): Kysely<Database> {
  const dialect =
    config.kind === 'postgres'
      ? new PostgresDialect({ pool: postgresPool(config.url, onIdleError) })
      : new SqliteDialect({ database: sqliteDatabase(config.file) })
  return new Kysely<Database>({ dialect })
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((result) => result.status === 'Error')
  if (error !== undefined) {
    const cause = error instanceof Error ? error.message : String(error)
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${cause}`.replace(/ {2}/, ' '),
    )
  }
}
