/**
 * Typed client for the Tencent IM server REST API (`POST {base}/v4/{service}/{command}?...`).
 *
 * Every call carries the five query parameters with a fresh `random`, is signed with a cached
 * admin UserSig, waits for a per-API rate budget, and has its `ActionStatus`/`ErrorCode` and, for
 * batch APIs, every `ResultItem` checked. Network errors, 5xx and Tencent's "slow down" codes are
 * retried a bounded number of times with jittered exponential backoff.
 */
import { randomInt } from 'node:crypto'
import {
  TencentApiError,
  TencentItemError,
  TencentRateLimitError,
  TencentTransportError,
  isRetryableCode,
  tencentErrorFor,
} from './errors'
import { SlidingWindowLimiter } from './rate-limiter'
import type { UserSigIssuer } from './usersig'

export interface RestLogger {
  debug(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
}

export interface TencentRestClientOptions {
  sdkAppID: number
  admin: string
  apiBase: string
  sigIssuer: UserSigIssuer
  adminSigTtlSeconds: number
  timeoutMs: number
  /** Longest wait for a client-side rate-limit slot before failing with 60007; defaults to `timeoutMs`. */
  slotWaitMs?: number
  maxRetries: number
  /** First backoff step; later ones double, each picked at random below its cap (full jitter). */
  retryBaseDelayMs?: number
  /** Overrides Tencent's per-API rates (tests use small numbers to see the limiter act). */
  rateLimits?: Partial<Record<TencentApi, number>>
  logger?: RestLogger
  now?: () => number
}

/** The APIs this client speaks, as `service/command`. */
export type TencentApi =
  | 'im_open_login_svc/account_import'
  | 'im_open_login_svc/multiaccount_import'
  | 'im_open_login_svc/account_check'
  | 'im_open_login_svc/kick'
  | 'profile/portrait_set'
  | 'sns/friend_add'
  | 'sns/friend_get'
  | 'sns/friend_update'
  | 'sns/black_list_add'
  | 'sns/black_list_delete'
  | 'sns/black_list_get'
  | 'sns/black_list_check'
  | 'openim/sendmsg'

/** Tencent's documented per-API ceilings (calls per second). */
const TENCENT_RATE_LIMITS: Record<TencentApi, number> = {
  'im_open_login_svc/account_import': 200,
  'im_open_login_svc/multiaccount_import': 100,
  'im_open_login_svc/account_check': 100,
  'im_open_login_svc/kick': 200,
  'profile/portrait_set': 200,
  'sns/friend_add': 200,
  'sns/friend_get': 200,
  'sns/friend_update': 200,
  'sns/black_list_add': 200,
  'sns/black_list_delete': 200,
  'sns/black_list_get': 200,
  'sns/black_list_check': 200,
  'openim/sendmsg': 200,
}

interface BaseResponse {
  ActionStatus?: string
  ErrorCode?: number
  ErrorInfo?: string
  RequestId?: string
}

interface ResultItemBase {
  ResultCode?: number
  ResultInfo?: string
}

interface AccountCheckResponse extends BaseResponse {
  ResultItem?: Array<ResultItemBase & { UserID?: string; AccountStatus?: string }>
}

interface FriendAddResponse extends BaseResponse {
  ResultItem?: Array<ResultItemBase & { To_Account?: string }>
}

interface FriendGetResponse extends BaseResponse {
  UserDataItem?: Array<{
    To_Account?: string
    ValueItem?: Array<{ Tag?: string; Value?: unknown }>
  }>
  NextStartIndex?: number
  CompleteFlag?: number
  StandardSequence?: number
  CustomSequence?: number
}

interface BlacklistResultResponse extends BaseResponse {
  ResultItem?: Array<ResultItemBase & { To_Account?: string }>
}

interface BlacklistGetResponse extends BaseResponse {
  BlackListItem?: Array<{ To_Account?: string; AddBlackTimeStamp?: number }>
  StartIndex?: number
}

interface BlacklistCheckResponse extends BaseResponse {
  BlackListCheckItem?: Array<ResultItemBase & { To_Account?: string; Relation?: string }>
}

interface SendMsgResponse extends BaseResponse {
  MsgTime?: number
  MsgKey?: string
  MsgId?: string
}

export interface AccountStatus {
  userID: string
  imported: boolean
}

export interface FriendAddResult {
  userID: string
  /** 0 for a new friendship, 30015 when the two were already friends. */
  resultCode: number
}

export interface Friend {
  userID: string
  /** Unix seconds when the friendship was made, when the service reports it. */
  addTime?: number
  /** The owner's remark (备注) for this friend; '' when none is set. */
  remark: string
}

export interface SentMessage {
  msgKey: string
  msgTime: number
}

/** friend_update's per-item code for a target who is not a friend (Tencent's 30001). */
export const NOT_A_FRIEND = 30001

/** Tencent's limit on a remark: 96 bytes of UTF-8. */
export const REMARK_MAX_BYTES = 96

/** friend_add's per-item "already friends": adding again is not a failure. */
export const ALREADY_FRIENDS = 30015

export interface BlockedUser {
  userID: string
  /** When they were blocked, in milliseconds since the Unix epoch. */
  blockedAt: number
}

/** black_list_check's answer for (A = From_Account, B = To_Account). */
export type BlacklistRelation = 'BothWay' | 'AWithB' | 'BWithA' | 'NO'

/** Tencent caps each blacklist call at 1,000 IDs, and a blacklist at 1,000 users. */
const BLACKLIST_BATCH = 1000

export class TencentRestClient {
  readonly #options: TencentRestClientOptions
  readonly #limiters = new Map<TencentApi, SlidingWindowLimiter>()
  readonly #now: () => number
  #adminSig: { userSig: string; renewAt: number } | undefined

  constructor(options: TencentRestClientOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /** The admin sig, re-signed once it is past 90% of its life so no call goes out with a stale one. */
  #adminUserSig(): string {
    const now = this.#now()
    if (this.#adminSig === undefined || now >= this.#adminSig.renewAt) {
      const ttl = this.#options.adminSigTtlSeconds
      const issued = this.#options.sigIssuer.issue(this.#options.admin, ttl)
      const margin = Math.min(ttl * 100, 3600_000)
      this.#adminSig = { userSig: issued.userSig, renewAt: issued.expireAt - margin }
    }
    return this.#adminSig.userSig
  }

  #limiter(api: TencentApi): SlidingWindowLimiter {
    let limiter = this.#limiters.get(api)
    if (!limiter) {
      const rate = this.#options.rateLimits?.[api] ?? TENCENT_RATE_LIMITS[api]
      limiter = new SlidingWindowLimiter(rate)
      this.#limiters.set(api, limiter)
    }
    return limiter
  }

  #url(api: TencentApi): string {
    const query = new URLSearchParams({
      sdkappid: String(this.#options.sdkAppID),
      identifier: this.#options.admin,
      usersig: this.#adminUserSig(),
      random: String(randomInt(0, 2 ** 32 - 1)),
      contenttype: 'json',
    })
    return `${this.#options.apiBase}/v4/${api}?${query.toString()}`
  }

  #backoffMs(attempt: number): number {
    const base = this.#options.retryBaseDelayMs ?? 100
    const cap = Math.min(base * 2 ** attempt, 5000)
    return Math.random() * cap
  }

  /** One HTTP exchange; throws TencentTransportError (flagged retryable or not) when there is no JSON answer. */
  async #exchange(api: TencentApi, body: object): Promise<BaseResponse> {
    let response: Response
    try {
      response = await fetch(this.#url(api), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Tencent requires a JSON object even when a call has no parameters.
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      })
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      throw new TencentTransportError(
        { api, errorCode: -1, errorInfo: `network error (${reason})` },
        true,
      )
    }
    const text = await response.text().catch(() => '')
    if (response.status >= 500) {
      throw new TencentTransportError(
        { api, errorCode: -1, errorInfo: `HTTP ${response.status}` },
        true,
      )
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new TencentTransportError(
        { api, errorCode: -1, errorInfo: `HTTP ${response.status} without a JSON object body` },
        false,
      )
    }
    return json as BaseResponse
  }

  /** Sends one REST call and returns its body once `ActionStatus` is OK and `ErrorCode` is 0. */
  async call<T extends BaseResponse>(api: TencentApi, body: object): Promise<T> {
    const { maxRetries, timeoutMs, logger } = this.#options
    const slotWaitMs = this.#options.slotWaitMs ?? timeoutMs
    for (let attempt = 0; ; attempt++) {
      const slot = await this.#limiter(api).acquire(slotWaitMs)
      if (!slot) {
        throw new TencentRateLimitError({
          api,
          errorCode: 60007,
          errorInfo: 'client-side rate limit: no budget within the slot wait',
        })
      }
      let failure: TencentApiError
      let retryable: boolean
      try {
        const json = await this.#exchange(api, body).finally(() => slot.done())
        const errorCode = typeof json.ErrorCode === 'number' ? json.ErrorCode : -1
        if (json.ActionStatus === 'OK' && errorCode === 0) return json as T
        failure = tencentErrorFor({
          api,
          errorCode,
          errorInfo: typeof json.ErrorInfo === 'string' ? json.ErrorInfo : 'no ErrorInfo',
          requestId: typeof json.RequestId === 'string' ? json.RequestId : undefined,
        })
        retryable = isRetryableCode(errorCode)
        if (errorCode === 70001) {
          // Our admin sig expired early (clock skew, key rotation): sign a new one and try again.
          this.#adminSig = undefined
          retryable = true
        }
      } catch (error) {
        if (!(error instanceof TencentTransportError)) throw error
        failure = error
        retryable = error.retryable
      }
      if (!retryable || attempt >= maxRetries) throw failure
      const delay = this.#backoffMs(attempt)
      logger?.warn(
        { api, attempt: attempt + 1, errorCode: failure.errorCode, delayMs: Math.round(delay) },
        'Tencent REST call failed, retrying',
      )
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }

  /** Imports (or re-imports, which is idempotent) one account. */
  async accountImport(account: { userID: string; nick?: string; faceUrl?: string }): Promise<void> {
    await this.call('im_open_login_svc/account_import', {
      UserID: account.userID,
      ...(account.nick !== undefined && { Nick: account.nick }),
      ...(account.faceUrl !== undefined && { FaceUrl: account.faceUrl }),
    })
  }

  /** Whether each account exists, in request order; at most 100 IDs per call. */
  async accountCheck(userIDs: string[]): Promise<AccountStatus[]> {
    if (userIDs.length === 0) return []
    if (userIDs.length > 100) throw new RangeError('account_check takes at most 100 user IDs')
    const api = 'im_open_login_svc/account_check'
    const response = await this.call<AccountCheckResponse>(api, {
      CheckItem: userIDs.map((UserID) => ({ UserID })),
    })
    const items = response.ResultItem ?? []
    return userIDs.map((userID) => {
      const item = items.find((candidate) => candidate.UserID === userID)
      if (!item) {
        throw new TencentItemError(
          { api, errorCode: -1, errorInfo: 'no ResultItem for this account' },
          userID,
        )
      }
      checkItem(api, userID, item)
      if (item.AccountStatus !== 'Imported' && item.AccountStatus !== 'NotImported') {
        throw new TencentItemError(
          { api, errorCode: -1, errorInfo: `unknown AccountStatus ${String(item.AccountStatus)}` },
          userID,
        )
      }
      return { userID, imported: item.AccountStatus === 'Imported' }
    })
  }

  async isImported(userID: string): Promise<boolean> {
    const [status] = await this.accountCheck([userID])
    return status?.imported === true
  }

  /** Invalidates the user's login state; the SDK gets KICKED_OUT and the old sig stops working. */
  async kick(userID: string): Promise<void> {
    await this.call('im_open_login_svc/kick', { UserID: userID })
  }

  async portraitSet(userID: string, profile: { nick?: string; faceUrl?: string }): Promise<void> {
    const items: Array<{ Tag: string; Value: string }> = []
    if (profile.nick !== undefined) items.push({ Tag: 'Tag_Profile_IM_Nick', Value: profile.nick })
    if (profile.faceUrl !== undefined) {
      items.push({ Tag: 'Tag_Profile_IM_Image', Value: profile.faceUrl })
    }
    if (items.length === 0) return
    await this.call('profile/portrait_set', { From_Account: userID, ProfileItem: items })
  }

  /**
   * Adds friends on behalf of `from`. `both` makes the friendship two-way, `force` skips the
   * peers' verification settings (admin privilege). Already-friends items count as success.
   */
  async friendAdd(
    from: string,
    to: string[],
    options: { both: boolean; force: boolean; addSource: string },
  ): Promise<FriendAddResult[]> {
    const api = 'sns/friend_add'
    const response = await this.call<FriendAddResponse>(api, {
      From_Account: from,
      AddFriendItem: to.map((To_Account) => ({
        To_Account,
        AddSource: `AddSource_Type_${options.addSource}`,
      })),
      AddType: options.both ? 'Add_Type_Both' : 'Add_Type_Single',
      ForceAddFlags: options.force ? 1 : 0,
    })
    const items = response.ResultItem ?? []
    return to.map((userID) => {
      const item = items.find((candidate) => candidate.To_Account === userID)
      if (!item) {
        throw new TencentItemError({ api, errorCode: -1, errorInfo: 'no ResultItem' }, userID)
      }
      const resultCode = item.ResultCode ?? -1
      if (resultCode !== ALREADY_FRIENDS) checkItem(api, userID, item)
      return { userID, resultCode }
    })
  }

  /** Every friend of `userID`, following `NextStartIndex` until the service says the list is complete. */
  async friendGet(userID: string): Promise<Friend[]> {
    const friends: Friend[] = []
    let startIndex = 0
    let standardSequence = 0
    let customSequence = 0
    // Bounded so a misbehaving service cannot keep us paging forever (Tencent caps friends at 3,000).
    for (let page = 0; page < 100; page++) {
      const response = await this.call<FriendGetResponse>('sns/friend_get', {
        From_Account: userID,
        StartIndex: startIndex,
        StandardSequence: standardSequence,
        CustomSequence: customSequence,
      })
      for (const item of response.UserDataItem ?? []) {
        if (typeof item.To_Account !== 'string') continue
        const friend: Friend = { userID: item.To_Account, remark: '' }
        for (const value of item.ValueItem ?? []) {
          if (value.Tag === 'Tag_SNS_IM_AddTime' && typeof value.Value === 'number') {
            friend.addTime = value.Value
          } else if (value.Tag === 'Tag_SNS_IM_Remark' && typeof value.Value === 'string') {
            friend.remark = value.Value
          }
        }
        friends.push(friend)
      }
      const next = response.NextStartIndex
      if (response.CompleteFlag === 1 || typeof next !== 'number' || next <= startIndex) break
      startIndex = next
      standardSequence = response.StandardSequence ?? standardSequence
      customSequence = response.CustomSequence ?? customSequence
    }
    return friends
  }

  /**
   * Sets `from`'s remark for the friend `to` ('' clears it). A `to` who is not `from`'s friend fails
   * with a TencentItemError carrying Tencent's 30001 (NOT_A_FRIEND).
   */
  async friendUpdateRemark(from: string, to: string, remark: string): Promise<void> {
    const api = 'sns/friend_update'
    const response = await this.call<FriendAddResponse>(api, {
      From_Account: from,
      UpdateItem: [{ To_Account: to, SnsItem: [{ Tag: 'Tag_SNS_IM_Remark', Value: remark }] }],
    })
    const item = (response.ResultItem ?? []).find((candidate) => candidate.To_Account === to)
    if (!item) throw new TencentItemError({ api, errorCode: -1, errorInfo: 'no ResultItem' }, to)
    checkItem(api, to, item)
  }

  /** Adds users to `from`'s blacklist; every item must succeed (check first to skip ones already in). */
  async blacklistAdd(from: string, to: string[]): Promise<void> {
    await this.#blacklistChange('sns/black_list_add', from, to)
  }

  /** Removes users from `from`'s blacklist. */
  async blacklistDelete(from: string, to: string[]): Promise<void> {
    await this.#blacklistChange('sns/black_list_delete', from, to)
  }

  async #blacklistChange(api: TencentApi, from: string, to: string[]): Promise<void> {
    if (to.length === 0) return
    if (to.length > BLACKLIST_BATCH) throw new RangeError(`${api} takes at most 1000 user IDs`)
    const response = await this.call<BlacklistResultResponse>(api, {
      From_Account: from,
      To_Account: to,
    })
    const items = response.ResultItem ?? []
    for (const userID of to) {
      const item = items.find((candidate) => candidate.To_Account === userID)
      if (!item)
        throw new TencentItemError({ api, errorCode: -1, errorInfo: 'no ResultItem' }, userID)
      checkItem(api, userID, item)
    }
  }

  /** `userID`'s whole blacklist, oldest first, paged with StartIndex until the service says done. */
  async blacklistGet(userID: string): Promise<BlockedUser[]> {
    const blocked: BlockedUser[] = []
    let startIndex = 0
    // A blacklist holds at most 1,000 users: a few pages at most, bounded against a looping service.
    for (let page = 0; page < 20; page++) {
      const response = await this.call<BlacklistGetResponse>('sns/black_list_get', {
        From_Account: userID,
        StartIndex: startIndex,
        MaxLimited: 100,
        LastSequence: 0,
      })
      for (const item of response.BlackListItem ?? []) {
        if (typeof item.To_Account !== 'string') continue
        blocked.push({ userID: item.To_Account, blockedAt: (item.AddBlackTimeStamp ?? 0) * 1000 })
      }
      const next = response.StartIndex
      if (typeof next !== 'number' || next <= startIndex) break
      startIndex = next
    }
    return blocked
  }

  /**
   * The blacklist relation between `from` and each of `to`: both ways (`bothWays`) or only whether
   * `from` blocked them.
   */
  async blacklistCheck(
    from: string,
    to: string[],
    bothWays: boolean,
  ): Promise<Map<string, BlacklistRelation>> {
    const api = 'sns/black_list_check'
    const response = await this.call<BlacklistCheckResponse>(api, {
      From_Account: from,
      To_Account: to,
      CheckType: bothWays ? 'BlackCheckResult_Type_Both' : 'BlackCheckResult_Type_Single',
    })
    const relations = new Map<string, BlacklistRelation>()
    for (const userID of to) {
      const item = (response.BlackListCheckItem ?? []).find((c) => c.To_Account === userID)
      if (!item)
        throw new TencentItemError({ api, errorCode: -1, errorInfo: 'no ResultItem' }, userID)
      checkItem(api, userID, item)
      const relation = (item.Relation ?? '').replace('BlackCheckResult_Type_', '')
      if (!['BothWay', 'AWithB', 'BWithA', 'NO'].includes(relation)) {
        throw new TencentItemError(
          { api, errorCode: -1, errorInfo: `unknown Relation ${String(item.Relation)}` },
          userID,
        )
      }
      relations.set(userID, relation as BlacklistRelation)
    }
    return relations
  }

  /**
   * Sends a C2C text message as `from`. `MsgRandom` is a fresh 32-bit random number: Tencent
   * dedupes messages with the same random within a second, so a constant would drop messages.
   * Retries resend the same body, so a send whose answer was lost is deduplicated, not doubled.
   */
  async sendText(message: {
    from: string
    to: string
    text: string
    syncOtherMachine: 1 | 2
  }): Promise<SentMessage> {
    const api = 'openim/sendmsg'
    const response = await this.call<SendMsgResponse>(api, {
      SyncOtherMachine: message.syncOtherMachine,
      From_Account: message.from,
      To_Account: message.to,
      MsgRandom: randomInt(0, 2 ** 32 - 1),
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: message.text } }],
    })
    if (typeof response.MsgKey !== 'string' || typeof response.MsgTime !== 'number') {
      throw new TencentApiError({ api, errorCode: -1, errorInfo: 'reply without MsgKey/MsgTime' })
    }
    return { msgKey: response.MsgKey, msgTime: response.MsgTime }
  }
}

function checkItem(api: string, key: string, item: ResultItemBase): void {
  const resultCode = typeof item.ResultCode === 'number' ? item.ResultCode : -1
  if (resultCode === 0) return
  const typed = tencentErrorFor({
    api,
    errorCode: resultCode,
    errorInfo: item.ResultInfo ?? 'no ResultInfo',
  })
  // Keep the specific class (not found, rate limit...) when there is one; otherwise an item error.
  if (typed.constructor !== TencentApiError) throw typed
  throw new TencentItemError({ api, errorCode: resultCode, errorInfo: item.ResultInfo ?? '' }, key)
}
