/**
 * The checks a nickname and an avatar URL pass before they reach the IM profile, shared by login and
 * profile changes: the nickname goes through the content check; the avatar must be a URL this server
 * issued to the same user (never a WeChat temp path such as wxfile://tmp_… or http://tmp/…).
 */
import type { ContentChecker } from '../content/checker'
import { ApiError } from '../http-errors'
import type { Store } from '../store'

export async function checkNick(
  checker: ContentChecker,
  nick: string,
  userID: string,
): Promise<void> {
  if (nick.trim() === '') throw new ApiError(400, 'invalid_request', 'nick must not be blank')
  const verdict = await checker.check(nick, { userID, scene: 'nickname' })
  if (!verdict.allowed) {
    throw new ApiError(400, 'nick_rejected', '昵称包含不允许使用的内容，请换一个')
  }
}

const TEMP_PATH = /^(wxfile:\/\/|https?:\/\/(tmp|usr|store)\/)/i

export async function checkAvatarUrl(
  store: Store,
  avatarUrl: string,
  userID: string,
): Promise<void> {
  if (TEMP_PATH.test(avatarUrl)) {
    throw new ApiError(
      400,
      'avatar_not_uploaded',
      'avatarUrl is a WeChat temporary file: upload it with POST /api/me/avatar and send the URL that returns',
    )
  }
  if (!/^https?:\/\/[^\s]+$/.test(avatarUrl)) {
    throw new ApiError(
      400,
      'invalid_request',
      'avatarUrl must be an http(s) URL issued by this server',
    )
  }
  const issued = await store.avatars.byUrl(avatarUrl)
  if (issued === undefined || issued.owner_id !== userID) {
    throw new ApiError(
      400,
      'avatar_not_issued',
      'avatarUrl was not issued to you by POST /api/me/avatar',
    )
  }
}
