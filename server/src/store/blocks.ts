/** Blocks made through this server: who blocked whom and when, for moderation. */
import type { Kysely } from 'kysely'
import type { Database } from './schema'

export class BlockRecords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a block; blocking again keeps the first time. */
  async record(blockerID: string, blockedID: string): Promise<void> {
    await this.db
      .insertInto('blocks')
      .values({ blocker_id: blockerID, blocked_id: blockedID, created_at: this.now() })
      .onConflict((conflict) => conflict.columns(['blocker_id', 'blocked_id']).doNothing())
      .execute()
  }

  async remove(blockerID: string, blockedID: string): Promise<void> {
    await this.db
      .deleteFrom('blocks')
      .where('blocker_id', '=', blockerID)
      .where('blocked_id', '=', blockedID)
      .execute()
  }

  /** How many users currently block `userID` (a moderation signal next to reports). */
  async countBlockersOf(userID: string): Promise<number> {
    const row = await this.db
      .selectFrom('blocks')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('blocked_id', '=', userID)
      .executeTakeFirst()
    return Number(row?.count ?? 0)
  }
}
