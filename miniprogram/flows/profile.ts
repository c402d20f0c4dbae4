/**
 * My nickname and avatar, changed through the app server: it checks the nickname's content and issues the
 * avatar's URL, then sets the IM profile peers read. A refusal changes nothing, here or there.
 */
import { api, type ServerProfile } from '../services/api'
import { ApiError } from '../services/http'
import { profileStore, sessionStore } from '../stores/index'

export const NICK_MAX_LENGTH = 20

/** What the login form or the Me page collected: a nickname, and chooseAvatar's temp path. */
export interface ProfileChoice {
  nick?: string
  avatarPath?: string
}

function checkedNick(nick: string): string {
  const trimmed = nick.trim()
  if (trimmed === '') throw new ApiError(400, '昵称不能为空', 'invalid_request')
  if (trimmed.length > NICK_MAX_LENGTH) {
    throw new ApiError(400, `昵称最多 ${NICK_MAX_LENGTH} 个字`, 'invalid_request')
  }
  return trimmed
}

/** The server's answer into the stores the pages render. */
function showProfile(profile: ServerProfile): void {
  const userID = sessionStore.user?.userID ?? profileStore.me?.userID ?? ''
  const me = { userID, signature: '', ...profileStore.me }
  profileStore.setMe({ ...me, nick: profile.nick, avatar: profile.avatarUrl })
  sessionStore.setUser({ userID, nick: profile.nick, avatar: profile.avatarUrl })
}

/**
 * Uploads the chosen avatar first (the server keeps only images it stored itself), then sends both changes in
 * one request, so a bad file or a refused nickname leaves the profile as it was. Null when there is nothing to do.
 */
export async function applyProfileChoice(
  choice: ProfileChoice,
  token?: string,
): Promise<ServerProfile | null> {
  const changes: { nick?: string; avatarUrl?: string } = {}
  if (choice.nick?.trim()) changes.nick = checkedNick(choice.nick)
  if (choice.avatarPath) changes.avatarUrl = await api.uploadAvatar(choice.avatarPath, token)
  if (!changes.nick && !changes.avatarUrl) return null
  return api.updateProfile(changes, token)
}

export const profileFlow = {
  async changeAvatar(tempFilePath: string): Promise<void> {
    const profile = await applyProfileChoice({ avatarPath: tempFilePath })
    if (profile) showProfile(profile)
  },

  async changeNick(nick: string): Promise<void> {
    const profile = await applyProfileChoice({ nick: checkedNick(nick) })
    if (profile) showProfile(profile)
  },
}
