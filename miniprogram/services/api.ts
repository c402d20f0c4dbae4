/** The app server's endpoints. The Bearer token comes from the stored credentials. */
import type { Credentials, UserView } from '../models/types'
import { toUserView } from '../models/mapping'
import { loadCredentials } from './credentials'
import { ApiError, requestJson } from './http'

/** Some servers answer seconds, some milliseconds: anything before 2001-09 in ms must be seconds. */
function toEpochMs(value: number): number {
  return value < 1e12 ? value * 1000 : value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function malformed(what: string): ApiError {
  return new ApiError(502, `服务器返回的${what}格式不正确`)
}

function parseCredentials(data: unknown): Credentials {
  if (!isRecord(data)) throw malformed('登录结果')
  const { token, userID, userSig, sdkAppID, expireAt } = data
  const appID = typeof sdkAppID === 'string' ? Number(sdkAppID) : sdkAppID
  if (
    typeof token !== 'string' ||
    typeof userID !== 'string' ||
    typeof userSig !== 'string' ||
    typeof appID !== 'number' ||
    !Number.isFinite(appID) ||
    typeof expireAt !== 'number'
  ) {
    throw malformed('登录结果')
  }
  return Object.freeze({ token, userID, userSig, sdkAppID: appID, expireAt: toEpochMs(expireAt) })
}

function requireToken(): string {
  const credentials = loadCredentials()
  if (!credentials) throw new ApiError(401, '尚未登录，请先登录')
  return credentials.token
}

function parseFriend(item: unknown): UserView | null {
  if (typeof item === 'string' && item !== '')
    return toUserView({ userID: item, nick: '', avatar: '' })
  if (!isRecord(item) || typeof item.userID !== 'string' || item.userID === '') return null
  return toUserView({
    userID: item.userID,
    nick: typeof item.nick === 'string' ? item.nick : '',
    avatar: typeof item.avatar === 'string' ? item.avatar : '',
  })
}

export const api = {
  /** Local mode only: the server signs in a test user without WeChat. */
  async devLogin(userID: string, nick?: string): Promise<Credentials> {
    const body: Record<string, unknown> = { devUser: userID }
    if (nick) body.nick = nick
    return parseCredentials(await requestJson({ method: 'POST', path: '/api/login', body }))
  },

  async wxLogin(code: string, nick?: string, avatarUrl?: string): Promise<Credentials> {
    const body: Record<string, unknown> = { code }
    if (nick) body.nick = nick
    if (avatarUrl) body.avatarUrl = avatarUrl
    return parseCredentials(await requestJson({ method: 'POST', path: '/api/login', body }))
  },

  async refreshUserSig(): Promise<{ userSig: string; expireAt: number }> {
    const data = await requestJson<unknown>({
      method: 'POST',
      path: '/api/usersig',
      token: requireToken(),
      body: {},
    })
    if (!isRecord(data) || typeof data.userSig !== 'string' || typeof data.expireAt !== 'number') {
      throw malformed('签名')
    }
    return { userSig: data.userSig, expireAt: toEpochMs(data.expireAt) }
  },

  async listFriends(): Promise<UserView[]> {
    const data = await requestJson<unknown>({
      method: 'GET',
      path: '/api/friends',
      token: requireToken(),
    })
    const items = Array.isArray(data) ? data : isRecord(data) ? data.friends : undefined
    if (!Array.isArray(items)) throw malformed('好友列表')
    return items.map(parseFriend).filter((friend): friend is UserView => friend !== null)
  },

  async addFriend(userID: string): Promise<void> {
    const trimmed = userID.trim()
    if (trimmed === '') throw new ApiError(400, '请输入对方的用户 ID')
    try {
      await requestJson<unknown>({
        method: 'POST',
        path: '/api/friends',
        token: requireToken(),
        body: { userID: trimmed },
      })
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new ApiError(404, `用户 ${trimmed} 不存在`)
      }
      throw error
    }
  },
}
