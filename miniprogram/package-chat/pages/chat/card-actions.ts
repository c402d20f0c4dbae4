/**
 * 名片 from the chat's "+" panel: the friend picker (the peer left out), then the picked friend's profile card
 * sent to the peer. Mixed into the chat page's methods as `onPickCard`; `peerOf` gives the page's peer.
 */
import { im } from '../../../im/index'
import { showToast } from '../../../services/ui'
import { openFriendPicker } from '../pick-friend/open'
import { messageOf } from './composer'

export function cardMethods(peerOf: (page: object) => string | undefined) {
  return {
    onPickCard(this: object) {
      const peerID = peerOf(this)
      if (!peerID) return
      openFriendPicker({ title: '推荐名片', exclude: peerID }, (friend) => {
        im.sendCard(peerID, friend).catch((error: unknown) =>
          showToast(messageOf(error, '名片发送失败')),
        )
      })
    },
  }
}
