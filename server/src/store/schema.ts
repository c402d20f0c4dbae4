/**
 * The database's tables as Kysely sees them: one typed description shared by SQLite and PostgreSQL.
 * Times are milliseconds since the Unix epoch in an integer column on both engines.
 */
import type { Insertable, Selectable } from 'kysely'

export interface UsersTable {
  user_id: string
  /** WeChat openid; null for dev-login users. */
  openid: string | null
  unionid: string | null
  nick: string | null
  avatar_url: string | null
  created_at: number
  last_login_at: number
}

export const REPORT_REASONS = ['spam', 'fraud', 'sexual', 'abuse', 'illegal', 'other'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]
export type ReportStatus = 'open' | 'resolved'

export interface ReportsTable {
  report_id: string
  reporter_id: string
  reported_id: string
  message_id: string | null
  abstract: string | null
  reason: ReportReason
  status: ReportStatus
  created_at: number
  resolved_at: number | null
  resolution_note: string | null
}

/** Every avatar this server stored, so only URLs it issued are ever put in a profile. */
export interface AvatarsTable {
  storage_key: string
  url: string
  owner_id: string
  content_type: string
  byte_size: number
  width: number
  height: number
  created_at: number
}

/**
 * Blocks (拉黑) made through this server, kept for moderation (who is blocked by many). The IM's
 * blacklist is what enforces them and what users' lists are read from.
 */
export interface BlocksTable {
  blocker_id: string
  blocked_id: string
  created_at: number
}

export interface Database {
  users: UsersTable
  reports: ReportsTable
  avatars: AvatarsTable
  blocks: BlocksTable
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type ReportRow = Selectable<ReportsTable>
export type AvatarRow = Selectable<AvatarsTable>
