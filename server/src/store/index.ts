/** The server's persistent state behind one object: users, reports, issued avatars and blocks. */
import type { Kysely } from 'kysely'
import type { DatabaseConfig } from '../config'
import { AvatarRecords } from './avatars'
import { BlockRecords } from './blocks'
import { migrateToLatest, openDatabase } from './database'
import { ReportStore } from './reports'
import type { Database } from './schema'
import { UserStore } from './users'

export { UserIDTakenError, type UserProfile } from './users'
export type { Report } from './reports'
export { REPORT_REASONS, type ReportReason, type ReportStatus } from './schema'

export interface Store {
  db: Kysely<Database>
  users: UserStore
  reports: ReportStore
  avatars: AvatarRecords
  blocks: BlockRecords
  close(): Promise<void>
}

/** Opens the database and migrates it; the caller closes the store when it is done. */
export async function openStore(
  config: DatabaseConfig,
  now: () => number = Date.now,
  onIdleError?: (error: Error) => void,
): Promise<Store> {
  const db = openDatabase(config, onIdleError)
  try {
    // Processes starting together on one fresh SQLite file can collide on the write lock (a deferred
    // transaction cannot wait for it); the loser retries and finds the migrations done.
    for (let attempt = 1; ; attempt++) {
      try {
        await migrateToLatest(db)
        break
      } catch (error) {
        if (attempt >= 5 || !/SQLITE_BUSY|database is locked/.test(String(error))) throw error
      }
    }
  } catch (error) {
    await db.destroy()
    throw error
  }
  return {
    db,
    users: new UserStore(db, now),
    reports: new ReportStore(db, now),
    avatars: new AvatarRecords(db),
    blocks: new BlockRecords(db, now),
    close: () => db.destroy(),
  }
}
