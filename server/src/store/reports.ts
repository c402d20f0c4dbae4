/** Reports (举报) users file against each other, and their resolution by an admin. */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, ReportReason, ReportRow, ReportStatus } from './schema'

export interface Report {
  reportID: string
  reporterID: string
  reportedID: string
  messageID: string | null
  abstract: string | null
  reason: ReportReason
  status: ReportStatus
  createdAt: number
  resolvedAt: number | null
  resolutionNote: string | null
}

function toReport(row: ReportRow): Report {
  return {
    reportID: row.report_id,
    reporterID: row.reporter_id,
    reportedID: row.reported_id,
    messageID: row.message_id,
    abstract: row.abstract,
    reason: row.reason,
    status: row.status,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolutionNote: row.resolution_note,
  }
}

export class ReportStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(report: {
    reporterID: string
    reportedID: string
    reason: ReportReason
    messageID?: string
    abstract?: string
  }): Promise<Report> {
    const row: ReportRow = {
      report_id: randomUUID(),
      reporter_id: report.reporterID,
      reported_id: report.reportedID,
      message_id: report.messageID ?? null,
      abstract: report.abstract ?? null,
      reason: report.reason,
      status: 'open',
      created_at: this.now(),
      resolved_at: null,
      resolution_note: null,
    }
    await this.db.insertInto('reports').values(row).execute()
    return toReport(row)
  }

  /** Newest first; `total` counts every report matching the filter, for paging. */
  async list(query: {
    status?: ReportStatus
    limit: number
    offset: number
  }): Promise<{ reports: Report[]; total: number }> {
    let select = this.db.selectFrom('reports')
    if (query.status !== undefined) select = select.where('status', '=', query.status)
    const rows = await select
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('report_id', 'asc')
      .limit(query.limit)
      .offset(query.offset)
      .execute()
    const counted = await select
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirst()
    return { reports: rows.map(toReport), total: Number(counted?.total ?? 0) }
  }

  async get(reportID: string): Promise<Report | undefined> {
    const row = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('report_id', '=', reportID)
      .executeTakeFirst()
    return row && toReport(row)
  }

  /** Marks an open report resolved; a report already resolved keeps its first resolution. */
  async resolve(reportID: string, note?: string): Promise<Report | undefined> {
    await this.db
      .updateTable('reports')
      .set({ status: 'resolved', resolved_at: this.now(), resolution_note: note ?? null })
      .where('report_id', '=', reportID)
      .where('status', '=', 'open')
      .execute()
    return this.get(reportID)
  }
}
