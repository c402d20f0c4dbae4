/**
 * The user store, reports, avatar and block records against both engines: SQLite and a real
 * PostgreSQL.
 */
import pg from 'pg'
import type { DatabaseConfig } from '../../src/config'
import { openStore, UserIDTakenError, type Store } from '../../src/store'
import { ENGINES, useEngines } from '../support/engines'

const engines = useEngines()

describe.each(ENGINES)('store on %s', (engine) => {
  let database: DatabaseConfig
  let store: Store
  let clock = 1_700_000_000_000
  const now = () => clock

  beforeEach(async () => {
    database = await engines.fresh(engine)
    store = await openStore(database, now)
  })
  afterEach(async () => {
    await store.close()
  })

  it('migrates an empty database, and opening it again applies nothing twice', async () => {
    await store.users.loginDev('alice')
    await store.close()
    store = await openStore(database, now)
    expect(await store.users.exists('alice')).toBe(true)
  })

  it('records a WeChat user under the first-login ID and keeps it whatever ID is offered later', async () => {
    const first = await store.users.loginWechat({
      openid: 'o-openid-1',
      firstLoginUserID: 'wx_fromOldSecret',
    })
    expect(first).toEqual({ userID: 'wx_fromOldSecret', created: true })
    clock += 1000
    const again = await store.users.loginWechat({
      openid: 'o-openid-1',
      unionid: 'u-union-1',
      firstLoginUserID: 'wx_fromRotatedSecret',
    })
    expect(again).toEqual({ userID: 'wx_fromOldSecret', created: false })
    const profile = await store.users.get('wx_fromOldSecret')
    expect(profile).toMatchObject({ createdAt: clock - 1000, lastLoginAt: clock })
    expect(await store.users.openidOf('wx_fromOldSecret')).toBe('o-openid-1')
    expect(await store.users.exists('wx_fromRotatedSecret')).toBe(false)
  })

  it('gives racing first logins of one openid the same single row', async () => {
    const logins = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.users.loginWechat({ openid: 'o-race', firstLoginUserID: 'wx_race' }),
      ),
    )
    expect(new Set(logins.map((login) => login.userID))).toEqual(new Set(['wx_race']))
    expect(logins.filter((login) => login.created)).toHaveLength(1)
    const rows = await store.db.selectFrom('users').select('user_id').execute()
    expect(rows).toHaveLength(1)
  })

  it('refuses to give a new openid an ID another account holds', async () => {
    await store.users.loginDev('wx_taken')
    await expect(
      store.users.loginWechat({ openid: 'o-new', firstLoginUserID: 'wx_taken' }),
    ).rejects.toBeInstanceOf(UserIDTakenError)
    expect(await store.users.openidOf('wx_taken')).toBeUndefined()
  })

  it('keeps dev users, their profile fields and their login times', async () => {
    expect(await store.users.loginDev('bob')).toEqual({ created: true })
    clock += 5
    expect(await store.users.loginDev('bob')).toEqual({ created: false })
    await store.users.setProfile('bob', { nick: '鲍勃' })
    await store.users.setProfile('bob', { avatarUrl: 'http://127.0.0.1/avatars/a.png' })
    await store.users.setProfile('bob', {})
    expect(await store.users.get('bob')).toEqual({
      userID: 'bob',
      nick: '鲍勃',
      avatarUrl: 'http://127.0.0.1/avatars/a.png',
      createdAt: clock - 5,
      lastLoginAt: clock,
    })
    expect(await store.users.get('nobody')).toBeUndefined()
  })

  it('files, pages, filters and resolves reports', async () => {
    const filed = []
    for (let i = 0; i < 5; i++) {
      clock += 10
      filed.push(
        await store.reports.create({
          reporterID: 'alice',
          reportedID: 'mallory',
          reason: i % 2 === 0 ? 'spam' : 'abuse',
          ...(i === 0 && { messageID: 'msg-1', abstract: '加我微信领红包' }),
        }),
      )
    }
    const firstPage = await store.reports.list({ status: 'open', limit: 2, offset: 0 })
    expect(firstPage.total).toBe(5)
    expect(firstPage.reports.map((report) => report.reportID)).toEqual([
      filed[4]?.reportID,
      filed[3]?.reportID,
    ])
    const lastPage = await store.reports.list({ limit: 2, offset: 4 })
    expect(lastPage.reports).toEqual([filed[0]])
    expect(lastPage.reports[0]).toMatchObject({ messageID: 'msg-1', abstract: '加我微信领红包' })

    clock += 100
    const resolved = await store.reports.resolve(filed[0]?.reportID as string, 'warned')
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: clock,
      resolutionNote: 'warned',
    })
    clock += 100
    const twice = await store.reports.resolve(filed[0]?.reportID as string, 'again')
    expect(twice).toMatchObject({ resolvedAt: clock - 100, resolutionNote: 'warned' })
    expect((await store.reports.list({ status: 'resolved', limit: 10, offset: 0 })).total).toBe(1)
    expect((await store.reports.list({ status: 'open', limit: 10, offset: 0 })).total).toBe(4)
    expect(await store.reports.resolve('00000000-0000-0000-0000-000000000000')).toBeUndefined()
  })

  it('finds issued avatars by URL and by key', async () => {
    const row = {
      storage_key: 'k1.png',
      url: 'http://127.0.0.1:1/avatars/k1.png',
      owner_id: 'alice',
      content_type: 'image/png',
      byte_size: 123,
      width: 64,
      height: 48,
      created_at: clock,
    }
    await store.avatars.record(row)
    expect(await store.avatars.byUrl(row.url)).toEqual(row)
    expect(await store.avatars.byKey('k1.png')).toEqual(row)
    expect(await store.avatars.byUrl('http://127.0.0.1:1/avatars/other.png')).toBeUndefined()
  })

  it('records blocks once each and counts the users blocking someone', async () => {
    await store.blocks.record('alice', 'mallory')
    clock += 1000
    await store.blocks.record('alice', 'mallory')
    await store.blocks.record('bob', 'mallory')
    await store.blocks.record('mallory', 'alice')
    expect(await store.blocks.countBlockersOf('mallory')).toBe(2)
    const rows = await store.db.selectFrom('blocks').selectAll().orderBy('blocker_id').execute()
    expect(rows[0]).toEqual({
      blocker_id: 'alice',
      blocked_id: 'mallory',
      created_at: clock - 1000,
    })
    await store.blocks.remove('alice', 'mallory')
    await store.blocks.remove('alice', 'nobody')
    expect(await store.blocks.countBlockersOf('mallory')).toBe(1)
    expect(await store.blocks.countBlockersOf('nobody')).toBe(0)
  })

  if (engine === 'postgres') {
    it('survives PostgreSQL dropping its idle connections (no crash; the next query reconnects)', async () => {
      const dropped: Error[] = []
      await store.close()
      store = await openStore(database, now, (error) => dropped.push(error))
      await store.users.loginDev('before_drop')
      const admin = new pg.Client({ connectionString: (database as { url: string }).url })
      await admin.connect()
      try {
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        )
      } finally {
        await admin.end()
      }
      const deadline = Date.now() + 10_000
      while (dropped.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve))
      }
      expect(dropped.length).toBeGreaterThan(0)
      expect(await store.users.exists('before_drop')).toBe(true)
    })
  }
})
