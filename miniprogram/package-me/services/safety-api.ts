/** The app server's blocking (拉黑) and report (举报) endpoints; only this subpackage's pages use them. */
import { loadCredentials } from '../../services/credentials'
import { ApiError, requestJson } from '../../services/http'

export interface BlockedUser {
  userID: string
  /** Milliseconds since the epoch. */
  blockedAt: number
}

/** The reasons the server accepts, with the words the user picks from. */
export const REPORT_REASONS = [
  { value: 'spam', label: '垃圾广告' },
  { value: 'fraud', label: '诈骗' },
  { value: 'sexual', label: '色情低俗' },
  { value: 'abuse', label: '辱骂骚扰' },
  { value: 'illegal', label: '违法' },
  { value: 'other', label: '其他' },
] as const

export type ReportReason = (typeof REPORT_REASONS)[number]['value']

export interface ReportInput {
  userID: string
  reason: ReportReason
  /** The SDK ID of the message being reported. */
  messageID?: string
  /** What the reporter wants the moderators to know (≤ 500 characters on the server). */
  abstract?: string
}

function token(): string {
  const credentials = loadCredentials()
  if (!credentials) throw new ApiError(401, '尚未登录，请先登录', 'not_logged_in')
  return credentials.token
}

function parseBlocks(data: unknown): BlockedUser[] {
  const items = (data as { blocks?: unknown } | null)?.blocks
  if (!Array.isArray(items))
    throw new ApiError(502, '服务器返回的黑名单格式不正确', 'malformed_response')
  return items.flatMap((item: { userID?: unknown; blockedAt?: unknown }) =>
    typeof item?.userID === 'string' && typeof item.blockedAt === 'number'
      ? [{ userID: item.userID, blockedAt: item.blockedAt }]
      : [],
  )
}

export const safetyApi = {
  async listBlocks(): Promise<BlockedUser[]> {
    return parseBlocks(await requestJson({ method: 'GET', path: '/api/blocks', token: token() }))
  },

  async block(userID: string): Promise<void> {
    await requestJson({ method: 'POST', path: '/api/blocks', token: token(), body: { userID } })
  },

  /** Unblocking someone who is not blocked is what the user wanted: not an error. */
  async unblock(userID: string): Promise<void> {
    const path = `/api/blocks/${encodeURIComponent(userID)}`
    try {
      await requestJson({ method: 'DELETE', path, token: token() })
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'not_blocked')) throw error
    }
  },

  async report(input: ReportInput): Promise<string> {
    const body: Record<string, unknown> = { userID: input.userID, reason: input.reason }
    if (input.messageID) body.messageID = input.messageID
    if (input.abstract) body.abstract = input.abstract
    const data = await requestJson<{ reportID?: unknown }>({
      method: 'POST',
      path: '/api/reports',
      token: token(),
      body,
    })
    return typeof data?.reportID === 'string' ? data.reportID : ''
  },
}
