/** The app server's endpoints. The Bearer token comes from the stored credentials. */
import { isCredentials } from '../models/credentials'
import type { Credentials } from '../models/types'
import { loadCredentials } from './credentials'
import { ApiError, requestJson } from './http'
import { uploadFile } from './upload'

/** My profile as the app server keeps it (the user store; the IM profile carries the same). */
export interface ServerProfile {
  nick: string
  avatarUrl: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function malformed(what: string): ApiError {
  return new ApiError(502, `服务器返回的${what}格式不正确`, 'malformed_response')
}

/** Tencent IM's user-ID rule, checked here so a typo gets a clear message without a round trip. */
const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/

export function isValidUserID(userID: string): boolean {
  return USER_ID_PATTERN.test(userID)
}

function invalidUserID(): ApiError {
  return new ApiError(
    400,
    '用户 ID 只能包含字母、数字、下划线和短横线，最长 32 位',
    'invalid_request',
  )
}

function parseCredentials(data: unknown): Credentials {
  if (!isRecord(data)) throw malformed('登录结果')
  // The server may send the SDKAppID as a string.
  const sdkAppID = typeof data.sdkAppID === 'string' ? Number(data.sdkAppID) : data.sdkAppID
  const { token, userID, userSig, expireAt } = data
  const credentials = { token, userID, userSig, sdkAppID, expireAt }
  if (!isCredentials(credentials)) throw malformed('登录结果')
  return Object.freeze(credentials)
}

function parseProfile(data: unknown): ServerProfile {
  if (!isRecord(data)) throw malformed('资料')
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  return { nick: text(data.nick), avatarUrl: text(data.avatarUrl) }
}

function requireToken(): string {
  const credentials = loadCredentials()
  if (!credentials) throw new ApiError(401, '尚未登录，请先登录', 'not_logged_in')
  return credentials.token
}

/** One friend as the server lists them: who, and my remark (备注) for them ('' when none). */
export interface FriendEntry {
  userID: string
  remark: string
}

function parseFriend(item: unknown): FriendEntry | null {
  if (!isRecord(item) || typeof item.userID !== 'string' || item.userID === '') return null
  return { userID: item.userID, remark: typeof item.remark === 'string' ? item.remark : '' }
}

export const api = {
  /** Local mode only: the server signs in a test user without WeChat. */
  async devLogin(userID: string, nick?: string): Promise<Credentials> {
    if (!isValidUserID(userID)) {
      throw invalidUserID()
    }
    const body = nick ? { devUser: userID, nick } : { devUser: userID }
    return parseCredentials(await requestJson({ method: 'POST', path: '/api/login', body }))
  },

  /** The profile goes separately (`updateProfile`): an avatar must be uploaded, with this session, first. */
  async wxLogin(code: string): Promise<Credentials> {
    const body = { code }
    return parseCredentials(await requestJson({ method: 'POST', path: '/api/login', body }))
  },

  /** A fresh UserSig for the session `token` belongs to (the token is the app server's, not the IM's). */
  async refreshUserSig(
    token: string = requireToken(),
  ): Promise<{ userSig: string; expireAt: number }> {
    const data = await requestJson<unknown>({
      method: 'POST',
      path: '/api/usersig',
      token,
      body: {},
    })
    if (!isRecord(data) || typeof data.userSig !== 'string' || typeof data.expireAt !== 'number') {
      throw malformed('签名')
    }
    return { userSig: data.userSig, expireAt: data.expireAt }
  },

  /** Stores a chosen image (a WeChat temp path) and resolves the URL the server serves it under. */
  async uploadAvatar(tempFilePath: string, token: string = requireToken()): Promise<string> {
    const data = await uploadFile<unknown>('/api/me/avatar', tempFilePath, token)
    if (!isRecord(data) || typeof data.url !== 'string') throw malformed('头像地址')
    return data.url
  },

  /** Checked by the server (nickname content, avatar issued to me), then set in the IM profile. */
  async updateProfile(
    changes: { nick?: string; avatarUrl?: string },
    token: string = requireToken(),
  ): Promise<ServerProfile> {
    const body = { ...changes }
    return parseProfile(await requestJson({ method: 'PUT', path: '/api/me/profile', token, body }))
  },

  /** Friends with my remarks, `{friends: [{userID, remark}]}` on the wire; nicknames come from the IM profiles. */
  async listFriends(): Promise<FriendEntry[]> {
    const data = await requestJson<unknown>({
      method: 'GET',
      path: '/api/friends',
      token: requireToken(),
    })
    const items = isRecord(data) ? data.friends : undefined
    if (!Array.isArray(items)) throw malformed('好友列表')
    return items.map(parseFriend).filter((friend): friend is FriendEntry => friend !== null)
  },

  /** Adds both ways; resolves `alreadyFriends` true when nothing changed. */
  async addFriend(userID: string): Promise<{ alreadyFriends: boolean }> {
    const trimmed = userID.trim()
    if (trimmed === '') throw new ApiError(400, '请输入对方的用户 ID', 'invalid_request')
    if (!isValidUserID(trimmed)) {
      throw invalidUserID()
    }
    try {
      const data = await requestJson<unknown>({
        method: 'POST',
        path: '/api/friends',
        token: requireToken(),
        body: { userID: trimmed },
      })
      return { alreadyFriends: isRecord(data) && data.alreadyFriends === true }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new ApiError(404, `用户 ${trimmed} 不存在`, error.code, error.detail)
      }
      throw error
    }
  },
}
