/**
 * Opens the friend picker (this folder's page) and hands the chosen friend to `onPicked` through the
 * navigation's EventChannel; nothing is called when the user goes back without choosing. Kept apart from the
 * page module so that openers do not register the page by importing it.
 */
import type { UserView } from '../../../models/types'

export const PICK_FRIEND_PAGE = '/package-chat/pages/pick-friend/index'
/** The event the picker emits on its opener's channel. */
export const PICKED_EVENT = 'picked'

export interface PickFriendOptions {
  /** The navigation bar's title, e.g. 转发给 or 推荐名片. */
  title: string
  /** A user not to offer (the peer a card would go to). */
  exclude?: string
}

export function pickFriendUrl(options: PickFriendOptions): string {
  const exclude = options.exclude ? `&exclude=${encodeURIComponent(options.exclude)}` : ''
  return `${PICK_FRIEND_PAGE}?title=${encodeURIComponent(options.title)}${exclude}`
}

export function openFriendPicker(
  options: PickFriendOptions,
  onPicked: (friend: UserView) => void,
): void {
  wx.navigateTo({
    url: pickFriendUrl(options),
    events: { [PICKED_EVENT]: (friend: UserView) => onPicked(friend) },
  })
}
