/**
 * The user store: WeChat openid (and unionid) → IM user ID, login times, nickname and avatar URL.
 * Once a user is recorded here the row is the source of truth for their ID: nothing derived from a
 * secret is consulted again, so rotating SESSION_SECRET changes no one's ID.
 */
import type { Kysely } from 'kysely'
import type { Database, UserRow } from './schema'

export interface UserProfile {
  userID: string
  nick: string | null
  avatarUrl: string | null
  createdAt: number
  lastLoginAt: number
}

function toProfile(row: UserRow): UserProfile {
  return {
    userID: row.user_id,
    nick: row.nick,
    avatarUrl: row.avatar_url,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  }
}

export class UserIDTakenError extends Error {
  constructor(readonly userID: string) {
    super(`user ID ${userID} already belongs to another account`)
    this.name = 'UserIDTakenError'
  }
}

export class UserStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(userID: string): Promise<UserProfile | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('user_id', '=', userID)
      .executeTakeFirst()
    return row && toProfile(row)
  }

  async exists(userID: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('user_id')
      .where('user_id', '=', userID)
      .executeTakeFirst()
    return row !== undefined
  }

  /** The openid behind a user ID (msgSecCheck needs it); undefined for dev users and strangers. */
  async openidOf(userID: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select('openid')
      .where('user_id', '=', userID)
      .executeTakeFirst()
    return row?.openid ?? undefined
  }

  /**
   * A WeChat login. A known openid gets its recorded ID back. An unknown one is recorded under
   * `firstLoginUserID` (the ID the old keyed hash gives, so accounts made before this store keep their
   * history). Two first logins racing each other both end up with the one row that won.
   */
  async loginWechat(login: {
    openid: string
    unionid?: string
    firstLoginUserID: string
  }): Promise<{ userID: string; created: boolean }> {
    const now = this.now()
    const known = await this.#byOpenid(login.openid)
    if (known !== undefined) {
      await this.db
        .updateTable('users')
        .set({
          last_login_at: now,
          ...(login.unionid !== undefined && { unionid: login.unionid }),
        })
        .where('user_id', '=', known)
        .execute()
      return { userID: known, created: false }
    }
    const inserted = await this.db
      .insertInto('users')
      .values({
        user_id: login.firstLoginUserID,
        openid: login.openid,
        unionid: login.unionid ?? null,
        nick: null,
        avatar_url: null,
        created_at: now,
        last_login_at: now,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst()
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
    const winner = await this.#byOpenid(login.openid)
    if (winner === undefined) throw new UserIDTakenError(login.firstLoginUserID)
    return { userID: winner, created }
  }

  /** A dev login: the user ID is chosen by the caller, so the row is keyed by it alone. */
  async loginDev(userID: string): Promise<{ created: boolean }> {
    const now = this.now()
    const updated = await this.db
      .updateTable('users')
      .set({ last_login_at: now })
      .where('user_id', '=', userID)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) > 0) return { created: false }
    const inserted = await this.db
      .insertInto('users')
      .values({
        user_id: userID,
        openid: null,
        unionid: null,
        nick: null,
        avatar_url: null,
        created_at: now,
        last_login_at: now,
      })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ last_login_at: now }))
      .executeTakeFirst()
    return { created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 }
  }

  /** Records the fields given; the others keep their value. */
  async setProfile(userID: string, profile: { nick?: string; avatarUrl?: string }): Promise<void> {
    const changes = {
      ...(profile.nick !== undefined && { nick: profile.nick }),
      ...(profile.avatarUrl !== undefined && { avatar_url: profile.avatarUrl }),
    }
    if (Object.keys(changes).length === 0) return
    await this.db.updateTable('users').set(changes).where('user_id', '=', userID).execute()
  }

  async #byOpenid(openid: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select('user_id')
      .where('openid', '=', openid)
      .executeTakeFirst()
    return row?.user_id
  }
}
