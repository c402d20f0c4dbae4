/** The REST commands: accounts, online status, profiles, friends and C2C messages. */
import type { MessageSender, SendReceipt } from './message-sender'
import { checkMessage, type BodyProblemKind } from './message-validation'
import { ImError, ImFailure, type ChatMessage, type ImModel, type ProfileValue } from './model'
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  messageToWire,
  profileItems,
  stringList,
} from './wire'

/** One REST call: its body, and where it came from (the before-send callback's ClientIP). */
export type RestCommand = (
  body: Record<string, unknown>,
  call: { clientIP: string },
) => Record<string, unknown> | Promise<Record<string, unknown>>

export interface RestCommandContext {
  model: ImModel
  sender: MessageSender
  admin: string
  isOnline: (userID: string) => boolean
}

const loginInvalidParameter = 70402
const MAX_USER_ID_BYTES = 32

/** Tencent's REST codes for a sendmsg body that breaks the message format. */
const BodyError: Record<BodyProblemKind, number> = {
  notArray: 90007,
  element: 90002,
  request: 90010,
}
const MSG_RANDOM_INVALID = 90005

function isValidUserID(userID: unknown): userID is string {
  return (
    typeof userID === 'string' &&
    userID.length > 0 &&
    Buffer.byteLength(userID) <= MAX_USER_ID_BYTES &&
    // Control characters would collide with the store's key separators.
    ![...userID].some((char) => char.charCodeAt(0) < 32)
  )
}

function validUserID(userID: unknown): asserts userID is string {
  if (!isValidUserID(userID)) {
    throw new ImFailure(loginInvalidParameter, 'UserID must be 1 to 32 bytes')
  }
}

const isUint32 = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff

export function registerRestCommands(
  on: (api: string, command: RestCommand) => void,
  ctx: RestCommandContext,
): void {
  const { model } = ctx
  const { accounts, friends } = model

  on('im_open_login_svc/account_import', (body) => {
    const userID = asString(body.UserID) ?? asString(body.Identifier)
    validUserID(userID)
    accounts.importAccount(userID, asString(body.Nick), asString(body.FaceUrl))
    return {}
  })

  on('im_open_login_svc/multiaccount_import', (body) => {
    const entries: { userID: unknown; nick?: string; faceUrl?: string }[] = [
      ...asArray(body.Accounts).map((userID) => ({ userID })),
      ...asArray(body.AccountList).map((item) => {
        const record = asRecord(item)
        return {
          userID: record.UserID,
          nick: asString(record.Nick),
          faceUrl: asString(record.FaceUrl),
        }
      }),
    ]
    if (entries.length > 100) {
      throw new ImFailure(loginInvalidParameter, 'at most 100 accounts per call')
    }
    const failed: string[] = []
    for (const entry of entries) {
      if (!isValidUserID(entry.userID)) failed.push(String(entry.userID))
      else accounts.importAccount(entry.userID, entry.nick, entry.faceUrl)
    }
    return { FailAccounts: failed }
  })

  on('im_open_login_svc/account_check', (body) => ({
    ResultItem: asArray(body.CheckItem).map((item) => {
      const userID = asString(asRecord(item).UserID) ?? ''
      return {
        UserID: userID,
        ResultCode: 0,
        ResultInfo: '',
        AccountStatus: accounts.has(userID) ? 'Imported' : 'NotImported',
      }
    }),
  }))

  on('im_open_login_svc/account_delete', (body) => ({
    ResultItem: asArray(body.DeleteItem).map((item) => {
      const userID = asString(asRecord(item).UserID) ?? ''
      const deleted = accounts.delete(userID)
      return {
        ResultCode: deleted ? 0 : ImError.accountNotFound,
        ResultInfo: deleted ? '' : 'account not imported',
        UserID: userID,
      }
    }),
  }))

  on('im_open_login_svc/kick', (body) => {
    const userID = asString(body.UserID) ?? asString(body.Identifier) ?? ''
    accounts.require(userID)
    accounts.kick(userID, 3)
    return {}
  })

  const onlineStatus = (field: 'Status' | 'State') => (body: Record<string, unknown>) => {
    const ids = stringList(body.To_Account)
    if (ids.length > 500) throw new ImFailure(90001, 'at most 500 accounts per call')
    return {
      QueryResult: ids
        .filter((id) => accounts.has(id))
        .map((id) => ({ To_Account: id, [field]: ctx.isOnline(id) ? 'Online' : 'Offline' })),
      ErrorList: ids
        .filter((id) => !accounts.has(id))
        .map((id) => ({ To_Account: id, ErrorCode: ImError.accountNotFound })),
    }
  }
  on('openim/query_online_status', onlineStatus('Status'))
  on('openim/querystate', onlineStatus('State'))

  on('profile/portrait_get', (body) => {
    const tags = stringList(body.TagList)
    const items = stringList(body.To_Account).map((id) =>
      accounts.has(id)
        ? {
            To_Account: id,
            ProfileItem: profileItems(accounts.getProfile(id, tags)),
            ResultCode: 0,
            ResultInfo: '',
          }
        : {
            To_Account: id,
            ProfileItem: [],
            ResultCode: ImError.accountNotFound,
            ResultInfo: 'account not imported',
          },
    )
    return {
      UserProfileItem: items,
      Fail_Account: items.filter((i) => i.ResultCode !== 0).map((i) => i.To_Account),
    }
  })

  on('profile/portrait_set', (body) => {
    const items = asArray(body.ProfileItem).map((item) => {
      const record = asRecord(item)
      return { Tag: String(record.Tag), Value: record.Value as ProfileValue }
    })
    accounts.setProfile(asString(body.From_Account) ?? '', items)
    return {}
  })

  on('sns/friend_add', (body) => {
    const owner = asString(body.From_Account) ?? ''
    accounts.require(owner)
    const both = asString(body.AddType) !== 'Add_Type_Single'
    const force = asNumber(body.ForceAddFlags) === 1
    const results = asArray(body.AddFriendItem).map((item) => {
      const record = asRecord(item)
      const friend = asString(record.To_Account) ?? ''
      const allowType = accounts.get(friend)?.profile['Tag_Profile_IM_AllowType']
      let code: number
      if (!force && allowType === 'AllowType_Type_DenyAny') code = 30516
      else if (!force && allowType === 'AllowType_Type_NeedConfirm') code = 30539
      else {
        code = friends.add(owner, friend, both, {
          remark: asString(record.Remark),
          group: asString(record.GroupName),
          addSource: asString(record.AddSource),
          addWording: asString(record.AddWording),
        })
      }
      return { To_Account: friend, ResultCode: code, ResultInfo: code === 0 ? '' : 'not added' }
    })
    return {
      ResultItem: results,
      Fail_Account: results.filter((r) => r.ResultCode !== 0).map((r) => r.To_Account),
      ErrorDisplay: '',
    }
  })

  on('sns/friend_get', (body) => {
    const start = asNumber(body.StartIndex) ?? 0
    const all = friends.list(asString(body.From_Account) ?? '')
    const page = all.slice(start, start + 100)
    const next = start + page.length
    return {
      UserDataItem: page.map((link) => ({
        To_Account: link.friend,
        ValueItem: [
          { Tag: 'Tag_SNS_IM_AddTime', Value: link.addTime },
          { Tag: 'Tag_SNS_IM_Remark', Value: link.remark },
          { Tag: 'Tag_SNS_IM_AddSource', Value: link.addSource },
        ],
      })),
      StandardSequence: 0,
      CustomSequence: 0,
      FriendNum: all.length,
      CompleteFlag: next >= all.length ? 1 : 0,
      NextStartIndex: next >= all.length ? 0 : next,
    }
  })

  on('sns/friend_check', (body) => {
    const owner = asString(body.From_Account) ?? ''
    accounts.require(owner)
    return {
      InfoItem: stringList(body.To_Account).map((other) => ({
        To_Account: other,
        Relation: friends.check(owner, other),
        ResultCode: accounts.has(other) ? 0 : ImError.accountNotFound,
        ResultInfo: '',
      })),
      Fail_Account: [],
    }
  })

  on('sns/friend_delete', (body) => {
    const owner = asString(body.From_Account) ?? ''
    const both = asString(body.DeleteType) === 'Delete_Type_Both'
    return {
      ResultItem: stringList(body.To_Account).map((friend) => ({
        To_Account: friend,
        ResultCode: friends.remove(owner, friend, both),
        ResultInfo: '',
      })),
    }
  })

  on('openim/sendmsg', (body, call) => {
    const problem = checkMessage(body.MsgBody, body.CloudCustomData)
    if (problem) {
      const code = body.MsgBody === undefined ? BodyError.element : BodyError[problem.kind]
      throw new ImFailure(code, problem.reason)
    }
    if (body.MsgRandom !== undefined && !isUint32(body.MsgRandom)) {
      throw new ImFailure(MSG_RANDOM_INVALID, 'MsgRandom must be a 32-bit unsigned integer')
    }
    if (body.MsgSeq !== undefined && !isUint32(body.MsgSeq)) {
      throw new ImFailure(BodyError.request, 'MsgSeq must be a 32-bit unsigned integer')
    }
    const sync = asNumber(body.SyncOtherMachine)
    const control = stringList(body.SendMsgControl)
    const receipt = ctx.sender.send({
      input: {
        from: asString(body.From_Account) ?? ctx.admin,
        to: asString(body.To_Account) ?? '',
        msgSeq: asNumber(body.MsgSeq),
        msgRandom: asNumber(body.MsgRandom),
        body: body.MsgBody as unknown[],
        cloudCustomData: asString(body.CloudCustomData),
        needReadReceipt: asNumber(body.IsNeedReadReceipt) === 1,
        noUnread: control.includes('NoUnread'),
        noLastMsg: control.includes('NoLastMsg'),
        hiddenFromSender: sync === 2,
      },
      origin: {
        syncToSender: sync === 1,
        onlineOnly: asNumber(body.OnlineOnlyFlag) === 1 || asNumber(body.MsgLifeTime) === 0,
      },
      caller: { clientIP: call.clientIP, platform: 'RESTAPI' },
      // Tencent: sendmsg checks no relation (friends, blacklist) between sender and recipient.
      checkBlacklist: false,
      useCallback: !stringList(body.ForbidCallbackControl).includes('ForbidBeforeSendMsgCallback'),
    })
    const answer = (r: SendReceipt) => ({ MsgTime: r.time, MsgKey: r.key, MsgId: r.key })
    return receipt instanceof Promise ? receipt.then(answer) : answer(receipt)
  })

  on('openim/admin_getroammsg', (body) => {
    const owner = asString(body.Operator_Account) ?? ''
    const peer = asString(body.Peer_Account) ?? ''
    accounts.require(owner)
    accounts.require(peer)
    const max = Math.min(asNumber(body.MaxCnt) ?? 100, 100)
    const minTime = asNumber(body.MinTime) ?? 0
    const maxTime = asNumber(body.MaxTime) ?? Number.MAX_SAFE_INTEGER
    // Pages walk back from MaxTime (or the previous page's LastMsgKey), oldest first in a page.
    const collected: ChatMessage[] = []
    let anchorKey = asString(body.LastMsgKey) || undefined
    let complete = false
    while (collected.length < max) {
      const page = model.conversations.history(owner, peer, { count: 100, anchorKey, older: true })
      collected.unshift(...page.messages.filter((m) => m.time >= minTime && m.time <= maxTime))
      const oldest = page.messages[0]
      if (page.complete || !oldest || oldest.time < minTime) {
        complete = true
        break
      }
      anchorKey = oldest.key
    }
    const messages = collected.slice(Math.max(0, collected.length - max))
    if (messages.length < collected.length) complete = false
    const oldest = messages[0]
    return {
      Complete: complete ? 1 : 0,
      MsgCnt: messages.length,
      LastMsgTime: oldest?.time ?? 0,
      LastMsgKey: oldest?.key ?? '',
      MsgList: messages.map((m) => messageToWire(m, { MsgFlagBits: m.revoked ? 8 : 0 })),
    }
  })

  on('openim/admin_msgwithdraw', (body) => {
    const from = asString(body.From_Account) ?? ''
    const message = model.messages.findByKey(
      from,
      asString(body.To_Account) ?? '',
      asString(body.MsgKey) ?? '',
    )
    if (!message || message.from !== from) {
      throw new ImFailure(ImError.messageNotFound, 'no message with this MsgKey')
    }
    if (message.revoked) throw new ImFailure(20023, 'the message was already revoked')
    model.revokeMessage(message, ctx.admin)
    return {}
  })
}
