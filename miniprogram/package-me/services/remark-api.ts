/** The app server's friend-remark (备注) endpoint; only this subpackage's pages use it. */
import { loadCredentials } from '../../services/credentials'
import { ApiError, requestJson } from '../../services/http'

/** What the server answers when it refuses a remark, as the user is told it. */
const REFUSALS: Record<string, string> = {
  remark_too_long: '备注太长了，最多 96 个字节（约 32 个汉字）',
  remark_rejected: '备注包含不允许使用的内容，请换一个',
  not_friend: '对方已不是你的好友，无法设置备注',
  invalid_request: '备注不能只有空格，也不能包含换行',
}

function token(): string {
  const credentials = loadCredentials()
  if (!credentials) throw new ApiError(401, '尚未登录，请先登录', 'not_logged_in')
  return credentials.token
}

export const remarkApi = {
  /** Sets my remark for the friend `userID` ('' clears it); resolves the remark the server kept. */
  async setRemark(userID: string, remark: string): Promise<string> {
    try {
      const data = await requestJson<{ remark?: unknown }>({
        method: 'PUT',
        path: `/api/friends/${encodeURIComponent(userID)}/remark`,
        token: token(),
        body: { remark },
      })
      return typeof data?.remark === 'string' ? data.remark : remark
    } catch (error) {
      const refusal = error instanceof ApiError ? REFUSALS[error.code] : undefined
      if (error instanceof ApiError && refusal !== undefined) {
        throw new ApiError(error.status, refusal, error.code, error.detail)
      }
      throw error
    }
  },
}
