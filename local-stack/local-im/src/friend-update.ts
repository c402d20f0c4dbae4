/**
 * sns/friend_update, over REST and from the friendship SDK (updateFriend): the owner's
 * relation-chain fields of friends, here the remark (备注, Tag_SNS_IM_Remark). The whole body is
 * checked before anything is stored.
 */
import { ImFailure, type ImModel } from './model'
import type { RestCommand, RestCommandContext } from './rest-commands'
import { asString } from './wire'

/** Tencent's relation-chain code for a bad request, an unknown field and a non-friend item. */
export const FRIEND_UPDATE_INVALID = 30001
/** Tencent's relation-chain code for a From_Account that is not imported. */
const ACCOUNT_NOT_FOUND = 30003
/** Tencent: a remark is at most 96 bytes (UTF-8). */
export const REMARK_MAX_BYTES = 96
/** Tencent: at most 1,000 friends per request. */
const MAX_ITEMS = 1000
const REMARK_TAG = 'Tag_SNS_IM_Remark'

function invalid(reason: string): ImFailure {
  return new ImFailure(FRIEND_UPDATE_INVALID, reason)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One UpdateItem as checked: the friend and the remark to set. */
interface RemarkUpdate {
  friend: string
  remark: string
}

function parseItem(item: unknown, index: number): RemarkUpdate {
  if (!isRecord(item)) throw invalid(`UpdateItem[${index}] must be an object`)
  const friend = item.To_Account
  if (typeof friend !== 'string' || friend === '') {
    throw invalid(`UpdateItem[${index}].To_Account must be a user ID`)
  }
  const snsItems = item.SnsItem
  if (!Array.isArray(snsItems) || snsItems.length === 0) {
    throw invalid(`UpdateItem[${index}].SnsItem must be a non-empty array`)
  }
  let remark: string | undefined
  for (const sns of snsItems) {
    if (!isRecord(sns) || typeof sns.Tag !== 'string') {
      throw invalid(`UpdateItem[${index}].SnsItem entries need a Tag`)
    }
    // Groups and custom friend fields are not kept by the local IM; Tencent refuses a field the
    // console has not configured with 30001 "Invalid field".
    if (sns.Tag !== REMARK_TAG) throw invalid(`Invalid field: ${sns.Tag}`)
    if (typeof sns.Value !== 'string') throw invalid(`${REMARK_TAG} must be a string`)
    if (Buffer.byteLength(sns.Value) > REMARK_MAX_BYTES) {
      throw invalid(`${REMARK_TAG} is longer than ${REMARK_MAX_BYTES} bytes`)
    }
    remark = sns.Value
  }
  return { friend, remark: remark ?? '' }
}

/** Checks the whole body, then sets each item's remark; the answer's ResultItem and Fail_Account. */
export function updateFriends(model: ImModel, owner: string, body: Record<string, unknown>) {
  const items = body.UpdateItem
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
    throw invalid(`UpdateItem must hold 1 to ${MAX_ITEMS} items`)
  }
  const updates = items.map(parseItem)
  if (!model.accounts.has(owner)) {
    throw new ImFailure(ACCOUNT_NOT_FOUND, `account ${owner} is not imported`)
  }
  const results = updates.map(({ friend, remark }) => {
    const done = model.friends.setRemark(owner, friend, remark)
    return {
      To_Account: friend,
      ResultCode: done ? 0 : FRIEND_UPDATE_INVALID,
      ResultInfo: done ? '' : `${friend} is not a friend of ${owner}`,
    }
  })
  const failed = results.filter((r) => r.ResultCode !== 0).map((r) => r.To_Account)
  return { ResultItem: results, ...(failed.length > 0 ? { Fail_Account: failed } : {}) }
}

export function registerFriendUpdateCommand(
  on: (api: string, command: RestCommand) => void,
  ctx: RestCommandContext,
): void {
  on('sns/friend_update', (body) => {
    const owner = asString(body.From_Account)
    if (!owner) throw invalid('From_Account is required')
    return updateFriends(ctx.model, owner, body)
  })
}
