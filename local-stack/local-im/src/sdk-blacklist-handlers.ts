/**
 * The SDK's blacklist servcmds (both builds): sns.black_list_add, black_list_delete and
 * black_list_get, which tim-wx-sdk sends for addToBlacklist, removeFromBlacklist and at login.
 * Changes reach every session of the owner as FriendListMod pushes (see sdk-pushes.ts).
 */
import { BLACKLIST_LIMIT } from './blacklist'
import { blacklistTargets, withFailures } from './rest-blacklist-commands'
import type { GatewayContext, Handler } from './sdk-context'
import { asNumber } from './wire'

/** The SDK asks for 100 at a time and does not page on. */
const DEFAULT_PAGE = 100

export function registerBlacklistHandlers(
  on: (servcmd: string, handler: Handler) => void,
  ctx: GatewayContext,
): void {
  const { model } = ctx

  // The owner is the logged-in user (the request's A2Key), whatever From_Account says.
  on('sns.black_list_add', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    return withFailures(model.blacklist.add(userID, blacklistTargets(body.To_Account)))
  })

  on('sns.black_list_delete', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    return withFailures(model.blacklist.remove(userID, blacklistTargets(body.To_Account)))
  })

  on('sns.black_list_get', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const start = Math.max(0, Math.floor(asNumber(body.StartIndex) ?? 0))
    const asked = Math.floor(asNumber(body.MaxLimited) ?? DEFAULT_PAGE)
    const max = asked >= 1 && asked <= BLACKLIST_LIMIT ? asked : DEFAULT_PAGE
    const page = model.blacklist.page(userID, start, max)
    return {
      BlackListItem: page.entries.map((e) => ({
        To_Account: e.peer,
        AddBlackTimeStamp: e.addTime,
      })),
      StartIndex: page.next,
      CurruentSequence: model.blacklist.sequence(userID),
    }
  })
}
