/**
 * One row of the conversation list. It only renders: the page puts the selector attributes and the tap and
 * long-press handlers on the host tag, so taps reach the page without crossing this component. An unsent draft
 * replaces the preview, marked [草稿] as WeChat does. Its row carries the accessible summary of the conversation.
 */
import type { ConversationRow } from '../../models/types'

const EMPTY: ConversationRow = {
  conversationID: '',
  peerID: '',
  nick: '',
  name: '',
  avatar: '',
  preview: '',
  lastTime: 0,
  timeText: '',
  unread: 0,
  unreadText: '',
  pinned: false,
}

Component({
  properties: {
    conversation: { type: Object, value: EMPTY },
    draft: { type: String, value: '' },
  },
})
