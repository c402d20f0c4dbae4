/** Profiles, the conversation list and friends (the friendship build's servcmds). */
import { updateFriends } from './friend-update'
import { ImError, ImFailure, type FriendLink, type ProfileValue } from './model'
import type { GatewayContext, Handler } from './sdk-context'
import { asArray, asNumber, asRecord, asString, profileItems, stringList } from './wire'

export function registerSocialHandlers(
  on: (servcmd: string, handler: Handler) => void,
  ctx: GatewayContext,
): void {
  const { model } = ctx

  on('profile.portrait_get_all', (connection, body, head) => {
    ctx.requireUser(connection, head)
    const tags = stringList(body.TagList)
    return {
      UserProfileItem: asArray(body.UserItem).map((item) => {
        const userID = asString(asRecord(item).To_Account) ?? ''
        return model.accounts.has(userID)
          ? {
              To_Account: userID,
              ProfileItem: profileItems(model.accounts.getProfile(userID, tags)),
              ResultCode: 0,
              ResultInfo: '',
            }
          : {
              To_Account: userID,
              ProfileItem: [],
              ResultCode: ImError.accountNotFound,
              ResultInfo: 'account not imported',
            }
      }),
    }
  })

  on('profile.portrait_set', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const items = asArray(body.ProfileItem).map((item) => {
      const record = asRecord(item)
      return { Tag: String(record.Tag), Value: record.Value as ProfileValue }
    })
    model.accounts.setProfile(userID, items)
    return {}
  })

  on('recentcontact.page_get', (connection, _body, head) => {
    const userID = ctx.requireUser(connection, head)
    const conversations = model.conversations.list(userID)
    return {
      CompleteFlag: 1,
      SessionItem: conversations.map((item) => ({
        Type: 1,
        To_Account: item.peer,
        MsgTime: item.last?.time ?? 0,
        MsgSeq: item.last?.msgSeq ?? 0,
        MsgRandom: item.last?.msgRandom ?? 0,
        LastC2CMsgFromAccount: item.last?.from ?? '',
        MsgShow: '',
        LastMsg: {
          MsgBody: item.last?.body ?? [],
          CloudCustomData: item.last?.cloudCustomData ?? '',
        },
        C2cNick: model.accounts.nickOf(item.peer),
        C2cImage: model.accounts.avatarOf(item.peer),
        C2cPeerReadTime: item.peerReadTime,
        UnreadMsgCount: item.unread,
      })),
      TimeStamp: Math.floor(Date.now() / 1000),
      StartIndex: conversations.length,
      TopTimeStamp: 0,
      TopStartIndex: 0,
    }
  })

  on('recentcontact.clear_msg', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const peer = asString(body.To_Account)
    if (asNumber(body.Type) !== 1 || !peer) {
      throw new ImFailure(ImError.invalidParameter, 'only C2C history can be cleared')
    }
    model.conversations.clearHistory(userID, peer)
    return {}
  })

  on('recentcontact.batch_delete', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const clear = asNumber(body.ClearRamble) === 1
    const results = asArray(body.ContactItem).map((item) => {
      const record = asRecord(item)
      const peer = asString(record.To_Account)
      if (asNumber(record.Type) === 1 && peer) {
        model.conversations.deleteConversation(userID, peer, clear)
        return { Type: 1, To_Account: peer, ResultCode: 0, ResultInfo: '' }
      }
      return { ...record, ResultCode: ImError.invalidParameter, ResultInfo: 'C2C only' }
    })
    return { ResultItem: results }
  })

  on('sns.friend_add', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const both = asString(body.AddType) !== 'Add_Type_Single'
    const results = asArray(body.AddFriendItem).map((item) => {
      const record = asRecord(item)
      const friend = asString(record.To_Account) ?? ''
      const allowType = model.accounts.get(friend)?.profile['Tag_Profile_IM_AllowType']
      let code: number
      if (allowType === 'AllowType_Type_DenyAny') code = 30516
      else if (allowType === 'AllowType_Type_NeedConfirm') code = 30539
      else {
        code = model.friends.add(userID, friend, both, {
          remark: asString(record.Remark),
          group: asString(record.GroupName),
          addSource: asString(record.AddSource),
          addWording: asString(record.AddWording),
        })
      }
      return { To_Account: friend, ResultCode: code, ResultInfo: '' }
    })
    return {
      ResultItem: results,
      Fail_Account: results.filter((r) => r.ResultCode !== 0).map((r) => r.To_Account),
    }
  })

  on('sns.friend_get', (connection, _body, head) => {
    const userID = ctx.requireUser(connection, head)
    const friends = model.friends.list(userID)
    return {
      UserDataItem: friends.map((link) => ({
        To_Account: link.friend,
        ValueItem: friendTags(link),
      })),
      FriendNum: friends.length,
      CompleteFlag: 1,
      NextStartIndex: 0,
      StandardSequence: 0,
      CustomSequence: 0,
    }
  })

  on('sns.friend_get_specified', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    return {
      InfoItem: stringList(body.To_Account).map((friend) => {
        const link = model.friends.get(userID, friend)
        return link
          ? { To_Account: friend, ResultCode: 0, SnsProfileItem: friendTags(link) }
          : { To_Account: friend, ResultCode: ImError.notFriend, SnsProfileItem: [] }
      }),
    }
  })

  // updateFriend: the same body as REST friend_update; the SDK reads ResultItem[0] and updates its
  // own list from what it asked for.
  on('sns.friend_update', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    return updateFriends(model, userID, body)
  })

  on('sns.friend_check', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    return {
      InfoItem: stringList(body.To_Account).map((other) => ({
        To_Account: other,
        Relation: model.friends.check(userID, other),
        ResultCode: 0,
        ResultInfo: '',
      })),
    }
  })

  on('sns.friend_delete', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const both = asString(body.DeleteType) === 'Delete_Type_Both'
    return {
      ResultItem: stringList(body.To_Account).map((friend) => ({
        To_Account: friend,
        ResultCode: model.friends.remove(userID, friend, both),
        ResultInfo: '',
      })),
    }
  })
}

function friendTags(link: FriendLink) {
  return [
    { Tag: 'Tag_SNS_IM_AddTime', Value: link.addTime },
    { Tag: 'Tag_SNS_IM_Remark', Value: link.remark },
    { Tag: 'Tag_SNS_IM_Group', Value: link.group ? [link.group] : [] },
    { Tag: 'Tag_SNS_IM_AddSource', Value: link.addSource },
    { Tag: 'Tag_SNS_IM_AddWording', Value: link.addWording },
  ]
}
