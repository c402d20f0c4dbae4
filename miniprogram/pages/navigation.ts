/** Page routes shared by several pages, so no page module has to import another (that would register it). */

// Defined beside reLaunch in services/ui, where the sign-out flow needs it too.
export { LOGIN_PAGE } from '../services/ui'
export const CONVERSATIONS_PAGE = '/pages/conversations/index'
export const CHAT_PAGE = '/package-chat/pages/chat/index'
/** The "me" subpackage: a friend's profile (`?userID=`), 举报 (`?userID=[&messageID=]`), 黑名单, 隐私, the nickname editor. */
export const ME_PAGES = '/package-me/pages/'

export function profilePageUrl(userID: string): string {
  return `${ME_PAGES}profile/index?userID=${encodeURIComponent(userID)}`
}

/** 举报 a user; with `messageID`, about that message of theirs (a long-pressed bubble). */
export function reportPageUrl(userID: string, messageID?: string): string {
  const about = messageID ? `&messageID=${encodeURIComponent(messageID)}` : ''
  return `${ME_PAGES}report/index?userID=${encodeURIComponent(userID)}${about}`
}

export function chatPageUrl(peerID: string, nick = ''): string {
  const query = `peerID=${encodeURIComponent(peerID)}`
  return `${CHAT_PAGE}?${query}${nick ? `&nick=${encodeURIComponent(nick)}` : ''}`
}

export function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback
}
