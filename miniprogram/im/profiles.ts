/** Profiles: mine (nickname, avatar), other users' for the contact list, and live changes of either. */
import type { ChatSDK, Profile } from 'tim-wx-sdk'
import { toMyProfileView, toUserView } from '../models/mapping'
import type { UserView } from '../models/types'
import { AppErrorCode, ImError } from './errors'
import type { ImStores, Logger, SdkCall } from './types'

export interface ProfilesContext {
  call: SdkCall
  userID(): string
  stores: Pick<ImStores, 'profile' | 'session' | 'contacts' | 'conversations' | 'batch'>
  log: Logger
}

export function createProfiles(context: ProfilesContext) {
  const { stores, call } = context

  /** Mine to the profile store; a peer's (PROFILE_UPDATED for a friend) to their contact row and conversation. */
  function applyProfiles(profiles: readonly Profile[]): void {
    const myUserID = context.userID()
    const mine = profiles.find((profile) => profile.userID === myUserID)
    const others = profiles.filter((profile) => profile.userID !== myUserID).map(toUserView)
    stores.batch(() => {
      if (mine) {
        const view = toMyProfileView(mine)
        stores.profile.setMe(view)
        stores.session.setUser(toUserView(view))
      }
      if (others.length > 0) {
        stores.contacts.applyProfiles(others)
        stores.conversations.applyPeerProfiles(others)
      }
    })
  }

  async function updateMyProfile(changes: { nick?: string; avatar?: string }): Promise<void> {
    const update: { nick?: string; avatar?: string } = {}
    if (changes.nick !== undefined) {
      const nick = changes.nick.trim()
      if (nick === '') throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'nick', '昵称不能为空')
      update.nick = nick
    }
    if (changes.avatar !== undefined) update.avatar = changes.avatar
    if (Object.keys(update).length === 0) return
    applyProfiles([(await call((tim) => tim.updateMyProfile(update))).data])
  }

  /** Nicknames and avatars from the IM profiles (the app server only knows user IDs). */
  async function fetchUserProfiles(userIDs: readonly string[]): Promise<UserView[]> {
    if (userIDs.length === 0) return []
    const response = await call((tim) => tim.getUserProfile({ userIDList: [...userIDs] }))
    const byID = new Map(response.data.map((profile) => [profile.userID, profile]))
    return userIDs.map((userID) => toUserView(byID.get(userID) ?? { userID, nick: '', avatar: '' }))
  }

  return {
    /** The part of the IM door's public API this module provides. */
    api: { updateMyProfile, fetchUserProfiles },
    sdkHandlers: {
      onProfileUpdated: (profiles: Profile[]) => applyProfiles(profiles),
    },

    async loadMine(tim: ChatSDK): Promise<void> {
      try {
        applyProfiles([(await tim.getMyProfile()).data])
      } catch (error) {
        context.log.warn('my profile after SDK_READY failed', error)
      }
    },
  }
}
