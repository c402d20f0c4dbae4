/** Profiles: mine (nickname, avatar), other users' for the contact list, and live changes of either. */
import type { ChatSDK, Profile } from 'tim-wx-sdk'
import { toMyProfileView, toUserView } from '../models/mapping'
import type { UserView } from '../models/types'
import { AppErrorCode, ImError, toImError } from './errors'
import type { ImStores, Logger } from './types'

export interface ProfilesContext {
  readySdk(): Promise<ChatSDK>
  userID(): string
  stores: Pick<ImStores, 'profile' | 'session' | 'contacts' | 'conversations' | 'batch'>
  log: Logger
}

export function createProfiles(context: ProfilesContext) {
  const { stores } = context

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

  return {
    sdkHandlers: {
      onProfileUpdated: (profiles: Profile[]) => applyProfiles(profiles),
    },

    async loadMine(tim: ChatSDK): Promise<void> {
      try {
        applyProfiles([(await tim.getMyProfile()).data])
      } catch (error) {
        context.log.warn('loading my profile after SDK_READY failed', error)
      }
    },

    async updateMyProfile(changes: { nick?: string; avatar?: string }): Promise<void> {
      const update: { nick?: string; avatar?: string } = {}
      if (changes.nick !== undefined) {
        const nick = changes.nick.trim()
        if (nick === '') throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'nick', '昵称不能为空')
        update.nick = nick
      }
      if (changes.avatar !== undefined) update.avatar = changes.avatar
      if (Object.keys(update).length === 0) return
      const tim = await context.readySdk()
      try {
        applyProfiles([(await tim.updateMyProfile(update)).data])
      } catch (error) {
        throw toImError(error)
      }
    },

    /** Nicknames and avatars from the IM profiles (the app server only knows user IDs). */
    async fetchUserProfiles(userIDs: readonly string[]): Promise<UserView[]> {
      if (userIDs.length === 0) return []
      const tim = await context.readySdk()
      try {
        const response = await tim.getUserProfile({ userIDList: [...userIDs] })
        const byID = new Map(response.data.map((profile) => [profile.userID, profile]))
        return userIDs.map((userID) =>
          toUserView(byID.get(userID) ?? { userID, nick: '', avatar: '' }),
        )
      } catch (error) {
        throw toImError(error)
      }
    },
  }
}
