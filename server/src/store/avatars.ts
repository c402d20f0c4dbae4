/** The record of every avatar this server stored: a profile may only carry a URL found here. */
import type { Kysely } from 'kysely'
import type { AvatarRow, Database } from './schema'

export class AvatarRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async record(row: AvatarRow): Promise<void> {
    await this.db.insertInto('avatars').values(row).execute()
  }

  async byUrl(url: string): Promise<AvatarRow | undefined> {
    return this.db.selectFrom('avatars').selectAll().where('url', '=', url).executeTakeFirst()
  }

  async byKey(storageKey: string): Promise<AvatarRow | undefined> {
    return this.db
      .selectFrom('avatars')
      .selectAll()
      .where('storage_key', '=', storageKey)
      .executeTakeFirst()
  }
}
