import type { Logger } from './logger'
import { ImError, ImFailure, type ChatMessage, type ImModel, type ProfileValue } from './model'
import { verifyUserSig } from './usersig'
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  fail,
  messageToWire,
  ok,
  profileItems,
  stringList,
} from './wire'

/** Tencent REST error codes. */
export const RestError = {
  badJson: 60002,
  unknownApi: 60003,
  badSdkAppID: 60006,
  rateLimited: 60007,
  needsAdmin: 60010,
  loginInvalidParameter: 70402,
} as const

export interface RestReply {
  status: number
  body: Record<string, unknown>
}

export interface RestApiOptions {
  model: ImModel
  secretKey: string
  admin: string
  rateLimitPerSecond: number
  logger: Logger
  isOnline: (userID: string) => boolean
}

type Command = (body: Record<string, unknown>) => Record<string, unknown>

/** Fixed one-second windows per API, like Tencent's per-API frequency limit. */
class RateLimiter {
  private readonly windows = new Map<string, { second: number; count: number }>()
  constructor(private readonly perSecond: number) {}
  allow(api: string): boolean {
    const second = Math.floor(Date.now() / 1000)
    const window = this.windows.get(api)
    if (!window || window.second !== second) {
      this.windows.set(api, { second, count: 1 })
      return true
    }
    window.count++
    return window.count <= this.perSecond
  }
}

const MAX_USER_ID_BYTES = 32

/** The Tencent IM server REST API (`POST /v4/<service>/<command>`), on the shared model. */
export class RestApi {
  private readonly commands = new Map<string, Command>()
  private readonly limiter: RateLimiter

  constructor(private readonly options: RestApiOptions) {
    this.limiter = new RateLimiter(options.rateLimitPerSecond)
    this.register()
  }

  private get model(): ImModel {
    return this.options.model
  }

  commandNames(): string[] {
    return [...this.commands.keys()]
  }

  handle(path: string, query: URLSearchParams, rawBody: string | undefined): RestReply {
    const api = path.replace(/^\/v4\//, '')
    const reply = (body: Record<string, unknown>): RestReply => ({
      status: 200,
      body: { ...body, RequestId: `local-${Date.now().toString(36)}` },
    })
    const command = this.commands.get(api)
    if (!command) return reply(fail(RestError.unknownApi, `unknown REST API ${api}`))
    if (Number(query.get('sdkappid')) !== this.model.sdkAppID) {
      return reply(fail(RestError.badSdkAppID, 'sdkappid is not this app'))
    }
    const identifier = query.get('identifier') ?? ''
    const check = verifyUserSig(query.get('usersig') ?? '', {
      sdkAppID: this.model.sdkAppID,
      secretKey: this.options.secretKey,
      userID: identifier,
    })
    if (!check.ok) return reply(fail(check.code, check.reason))
    if (identifier !== this.options.admin) {
      return reply(fail(RestError.needsAdmin, 'identifier must be the app admin'))
    }
    if (!this.limiter.allow(api)) {
      return reply(
        fail(
          RestError.rateLimited,
          `${api} is over its ${this.options.rateLimitPerSecond}/s limit`,
        ),
      )
    }
    if (rawBody === undefined) return reply(fail(RestError.badJson, 'request body too large'))
    let parsed: unknown
    try {
      parsed = JSON.parse(rawBody.trim() === '' ? '{}' : rawBody)
    } catch (_error) {
      return reply(fail(RestError.badJson, 'request body is not valid JSON'))
    }
    if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return reply(fail(RestError.badJson, 'request body must be a JSON object'))
    }
    try {
      return reply({ ...ok(), ...command(parsed as Record<string, unknown>) })
    } catch (error) {
      if (error instanceof ImFailure) return reply(fail(error.code, error.message))
      this.options.logger.error(`REST ${api} failed`, error)
      return reply(fail(70500, 'internal error of the local IM'))
    }
  }

  private register(): void {
    const on = (api: string, command: Command) => this.commands.set(api, command)

    on('im_open_login_svc/account_import', (body) => {
      const userID = asString(body.UserID) ?? asString(body.Identifier)
      validUserID(userID)
      this.model.importAccount(userID, asString(body.Nick), asString(body.FaceUrl))
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
        throw new ImFailure(RestError.loginInvalidParameter, 'at most 100 accounts per call')
      }
      const failed: string[] = []
      for (const entry of entries) {
        if (!isValidUserID(entry.userID)) {
          failed.push(String(entry.userID))
          continue
        }
        this.model.importAccount(entry.userID, entry.nick, entry.faceUrl)
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
          AccountStatus: this.model.getAccount(userID) ? 'Imported' : 'NotImported',
        }
      }),
    }))

    on('im_open_login_svc/account_delete', (body) => ({
      ResultItem: asArray(body.DeleteItem).map((item) => {
        const userID = asString(asRecord(item).UserID) ?? ''
        const deleted = this.model.deleteAccount(userID)
        return {
          ResultCode: deleted ? 0 : ImError.accountNotFound,
          ResultInfo: deleted ? '' : 'account not imported',
          UserID: userID,
        }
      }),
    }))

    on('im_open_login_svc/kick', (body) => {
      const userID = asString(body.UserID) ?? asString(body.Identifier) ?? ''
      this.model.requireAccount(userID)
      this.model.kick(userID, 3)
      return {}
    })

    const onlineStatus = (field: 'Status' | 'State') => (body: Record<string, unknown>) => {
      const ids = stringList(body.To_Account)
      if (ids.length > 500) throw new ImFailure(90001, 'at most 500 accounts per call')
      const known = ids.filter((id) => this.model.getAccount(id))
      return {
        QueryResult: known.map((id) => ({
          To_Account: id,
          [field]: this.options.isOnline(id) ? 'Online' : 'Offline',
        })),
        ErrorList: ids
          .filter((id) => !this.model.getAccount(id))
          .map((id) => ({ To_Account: id, ErrorCode: ImError.accountNotFound })),
      }
    }
    on('openim/query_online_status', onlineStatus('Status'))
    on('openim/querystate', onlineStatus('State'))

    on('profile/portrait_get', (body) => {
      const ids = stringList(body.To_Account)
      const tags = stringList(body.TagList)
      const items = ids.map((id) =>
        this.model.getAccount(id)
          ? {
              To_Account: id,
              ProfileItem: profileItems(this.model.getProfile(id, tags)),
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
      const userID = asString(body.From_Account) ?? ''
      const items = asArray(body.ProfileItem).map((item) => {
        const record = asRecord(item)
        return { Tag: String(record.Tag), Value: record.Value as ProfileValue }
      })
      this.model.setProfile(userID, items)
      return {}
    })

    on('sns/friend_add', (body) => {
      const owner = asString(body.From_Account) ?? ''
      this.model.requireAccount(owner)
      const both = asString(body.AddType) !== 'Add_Type_Single'
      const force = asNumber(body.ForceAddFlags) === 1
      const results = asArray(body.AddFriendItem).map((item) => {
        const record = asRecord(item)
        const friend = asString(record.To_Account) ?? ''
        const allowType = this.model.getAccount(friend)?.profile['Tag_Profile_IM_AllowType']
        let code: number
        if (!force && allowType === 'AllowType_Type_DenyAny') code = 30516
        else if (!force && allowType === 'AllowType_Type_NeedConfirm') code = 30539
        else {
          code = this.model.addFriend(owner, friend, both, {
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
      const owner = asString(body.From_Account) ?? ''
      const start = asNumber(body.StartIndex) ?? 0
      const all = this.model.listFriends(owner)
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
      this.model.requireAccount(owner)
      return {
        InfoItem: stringList(body.To_Account).map((other) => ({
          To_Account: other,
          Relation: this.model.checkFriend(owner, other),
          ResultCode: this.model.getAccount(other) ? 0 : ImError.accountNotFound,
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
          ResultCode: this.model.deleteFriend(owner, friend, both),
          ResultInfo: '',
        })),
      }
    })

    on('openim/sendmsg', (body) => {
      const from = asString(body.From_Account) ?? this.options.admin
      const to = asString(body.To_Account) ?? ''
      const sync = asNumber(body.SyncOtherMachine)
      const control = stringList(body.SendMsgControl)
      const { message } = this.model.sendMessage(
        {
          from,
          to,
          msgSeq: asNumber(body.MsgSeq),
          msgRandom: asNumber(body.MsgRandom),
          body: asArray(body.MsgBody),
          cloudCustomData: asString(body.CloudCustomData),
          needReadReceipt: asNumber(body.IsNeedReadReceipt) === 1,
          noUnread: control.includes('NoUnread'),
          noLastMsg: control.includes('NoLastMsg'),
          hiddenFromSender: sync === 2,
        },
        {
          syncToSender: sync === 1,
          onlineOnly: asNumber(body.OnlineOnlyFlag) === 1 || asNumber(body.MsgLifeTime) === 0,
        },
      )
      return { MsgTime: message.time, MsgKey: message.key, MsgId: message.key }
    })

    on('openim/admin_getroammsg', (body) => {
      const owner = asString(body.Operator_Account) ?? ''
      const peer = asString(body.Peer_Account) ?? ''
      this.model.requireAccount(owner)
      this.model.requireAccount(peer)
      const max = Math.min(asNumber(body.MaxCnt) ?? 100, 100)
      const minTime = asNumber(body.MinTime) ?? 0
      const maxTime = asNumber(body.MaxTime) ?? Number.MAX_SAFE_INTEGER
      const lastKey = asString(body.LastMsgKey) || undefined
      // Pages walk back from MaxTime (or the previous page's LastMsgKey), oldest first in a page.
      const collected: ChatMessage[] = []
      let anchorKey = lastKey
      let complete = false
      while (collected.length < max) {
        const page = this.model.history(owner, peer, { count: 100, anchorKey, older: true })
        const inRange = page.messages.filter((m) => m.time >= minTime && m.time <= maxTime)
        collected.unshift(...inRange)
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
        MsgList: messages.map((m) =>
          messageToWire(m, { MsgFlagBits: m.revoked ? 8 : 0, MsgKey: m.key }),
        ),
      }
    })

    on('openim/admin_msgwithdraw', (body) => {
      const from = asString(body.From_Account) ?? ''
      const to = asString(body.To_Account) ?? ''
      const msgKey = asString(body.MsgKey) ?? ''
      const message = this.model.findMessageByKey(from, to, msgKey)
      if (!message || message.from !== from) {
        throw new ImFailure(ImError.messageNotFound, 'no message with this MsgKey')
      }
      if (message.revoked) throw new ImFailure(20023, 'the message was already revoked')
      this.model.revokeMessage(message, this.options.admin)
      return {}
    })
  }
}

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
    throw new ImFailure(RestError.loginInvalidParameter, 'UserID must be 1 to 32 bytes')
  }
}
