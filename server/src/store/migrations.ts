/**
 * Schema migrations, applied in name order at start-up by Kysely's Migrator (which takes a lock, so
 * several instances starting at once against one PostgreSQL apply each migration exactly once).
 * Only portable column types are used so the same steps run on SQLite and PostgreSQL.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely'

const migrations: Record<string, Migration> = {
  '2024_01_0001_users_reports_avatars': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('user_id', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('openid', 'varchar(128)', (column) => column.unique())
        .addColumn('unionid', 'varchar(128)')
        .addColumn('nick', 'varchar(64)')
        .addColumn('avatar_url', 'varchar(500)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('last_login_at', 'bigint', (column) => column.notNull())
        .execute()
      await db.schema.createIndex('users_unionid').on('users').column('unionid').execute()

      await db.schema
        .createTable('reports')
        .addColumn('report_id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('reporter_id', 'varchar(32)', (column) => column.notNull())
        .addColumn('reported_id', 'varchar(32)', (column) => column.notNull())
        .addColumn('message_id', 'varchar(128)')
        .addColumn('abstract', 'varchar(500)')
        .addColumn('reason', 'varchar(16)', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('resolved_at', 'bigint')
        .addColumn('resolution_note', 'varchar(500)')
        .execute()
      await db.schema
        .createIndex('reports_status_created')
        .on('reports')
        .columns(['status', 'created_at'])
        .execute()

      await db.schema
        .createTable('avatars')
        .addColumn('storage_key', 'varchar(128)', (column) => column.primaryKey())
        .addColumn('url', 'varchar(500)', (column) => column.notNull())
        .addColumn('owner_id', 'varchar(32)', (column) => column.notNull())
        .addColumn('content_type', 'varchar(32)', (column) => column.notNull())
        .addColumn('byte_size', 'integer', (column) => column.notNull())
        .addColumn('width', 'integer', (column) => column.notNull())
        .addColumn('height', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute()
      await db.schema.createIndex('avatars_url').on('avatars').column('url').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('avatars').execute()
      await db.schema.dropTable('reports').execute()
      await db.schema.dropTable('users').execute()
    },
  },
  '2024_02_0002_blocks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('blocks')
        .addColumn('blocker_id', 'varchar(32)', (column) => column.notNull())
        .addColumn('blocked_id', 'varchar(32)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
        .execute()
      await db.schema.createIndex('blocks_blocked').on('blocks').column('blocked_id').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('blocks').execute()
    },
  },
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
