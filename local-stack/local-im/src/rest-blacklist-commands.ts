/** The REST blacklist APIs: sns/black_list_add, black_list_delete, black_list_get, black_list_check. */
import { BLACKLIST_LIMIT, BlacklistCode, type BlacklistItemResult } from './blacklist'
import { ImFailure } from './model'
import type { RestCommand, RestCommandContext } from './rest-commands'
import { asNumber, asString } from './wire'

const CHECK_TYPES = ['BlackCheckResult_Type_Both', 'BlackCheckResult_Type_Single']

/** The To_Account list of a blacklist call: 1 to 1,000 user IDs. */
export function blacklistTargets(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw new ImFailure(BlacklistCode.invalidParameter, 'To_Account must be an array of user IDs')
  }
  if (value.length === 0 || value.length > BLACKLIST_LIMIT) {
    throw new ImFailure(BlacklistCode.invalidParameter, 'To_Account takes 1 to 1000 user IDs')
  }
  return value as string[]
}

/** Fail_Account is only present when some item failed. */
export function withFailures(results: BlacklistItemResult[]) {
  const failed = results.filter((r) => r.ResultCode !== 0).map((r) => r.To_Account)
  return { ResultItem: results, ...(failed.length > 0 ? { Fail_Account: failed } : {}) }
}

/** A required non-negative integer field, or 30001. */
function count(body: Record<string, unknown>, field: string): number {
  const value = asNumber(body[field])
  if (value === undefined || !Number.isInteger(value) || value < 0) {
    throw new ImFailure(BlacklistCode.invalidParameter, `${field} must be a non-negative integer`)
  }
  return value
}

export function registerBlacklistCommands(
  on: (api: string, command: RestCommand) => void,
  ctx: RestCommandContext,
): void {
  const { model } = ctx
  const owner = (body: Record<string, unknown>): string => {
    const userID = asString(body.From_Account)
    if (!userID) throw new ImFailure(BlacklistCode.invalidParameter, 'From_Account is required')
    if (!model.accounts.has(userID)) {
      throw new ImFailure(BlacklistCode.accountNotFound, `account ${userID} is not imported`)
    }
    return userID
  }

  on('sns/black_list_add', (body) => {
    const from = owner(body)
    return withFailures(model.blacklist.add(from, blacklistTargets(body.To_Account)))
  })

  on('sns/black_list_delete', (body) => {
    const from = owner(body)
    return withFailures(model.blacklist.remove(from, blacklistTargets(body.To_Account)))
  })

  on('sns/black_list_get', (body) => {
    const from = owner(body)
    const start = count(body, 'StartIndex')
    const max = count(body, 'MaxLimited')
    count(body, 'LastSequence')
    if (max < 1 || max > BLACKLIST_LIMIT) {
      throw new ImFailure(BlacklistCode.invalidParameter, 'MaxLimited must be 1 to 1000')
    }
    const page = model.blacklist.page(from, start, max)
    return {
      BlackListItem: page.entries.map((e) => ({
        To_Account: e.peer,
        AddBlackTimeStamp: e.addTime,
      })),
      StartIndex: page.next,
      // Tencent's spelling: the SDK's key map reads CurruentSequence.
      CurruentSequence: model.blacklist.sequence(from),
    }
  })

  on('sns/black_list_check', (body) => {
    const from = owner(body)
    const targets = blacklistTargets(body.To_Account)
    const checkType = asString(body.CheckType) ?? ''
    if (!CHECK_TYPES.includes(checkType)) {
      throw new ImFailure(
        BlacklistCode.invalidParameter,
        `CheckType must be ${CHECK_TYPES.join(' or ')}`,
      )
    }
    const both = checkType === 'BlackCheckResult_Type_Both'
    const items = targets.map((other) =>
      model.accounts.has(other)
        ? {
            To_Account: other,
            Relation: model.blacklist.relation(from, other, both),
            ResultCode: 0,
            ResultInfo: '',
          }
        : {
            To_Account: other,
            Relation: 'BlackCheckResult_Type_NO',
            ResultCode: BlacklistCode.accountNotFound,
            ResultInfo: 'account not imported',
          },
    )
    const failed = items.filter((i) => i.ResultCode !== 0).map((i) => i.To_Account)
    return { BlackListCheckItem: items, ...(failed.length > 0 ? { Fail_Account: failed } : {}) }
  })
}
