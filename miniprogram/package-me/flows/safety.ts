/**
 * Blocking (拉黑) and reporting (举报): the app server does both (the block through the IM's blacklist, so the IM
 * refuses the blocked user's messages); names come from the IM profiles; the stores show the result.
 */
import { im } from '../../im/index'
import { chatStore } from '../../stores/index'
import { safetyApi, type ReportReason } from '../services/safety-api'
import { safetyStore } from '../stores/safety'

/** What the server keeps of the reporter's own words. */
export const REPORT_TEXT_MAX_LENGTH = 500

/** The newest message the peer sent me in our conversation, if the app has it: what a report is usually about. */
function lastMessageFrom(userID: string) {
  const messages = chatStore.messagesOf(`C2C${userID}`)
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index]
    if (message && message.flow === 'in' && !message.isRevoked) return message
  }
  return undefined
}

export const safety = {
  /** The profile page: the person (from the IM profiles) and whether I blocked them. */
  async openProfile(userID: string): Promise<void> {
    safetyStore.setViewed({ userID, nick: '', avatar: '' })
    const [profiles] = await Promise.all([im.fetchUserProfiles([userID]), safety.loadBlocks()])
    const profile = profiles[0]
    if (profile && safetyStore.viewed?.userID === userID) safetyStore.setViewed(profile)
  },

  async loadBlocks(): Promise<void> {
    const blocks = await safetyApi.listBlocks()
    const profiles = await im.fetchUserProfiles(blocks.map((blocked) => blocked.userID))
    safetyStore.setBlocks(blocks.map((blocked, index) => ({ ...profiles[index]!, ...blocked })))
  },

  async block(user: { userID: string; nick: string; avatar: string }): Promise<void> {
    await safetyApi.block(user.userID)
    safetyStore.addBlock({ ...user, blockedAt: Date.now() })
  },

  async unblock(userID: string): Promise<void> {
    await safetyApi.unblock(userID)
    safetyStore.removeBlock(userID)
  },

  /**
   * Sends the report with the message it is about: the one long-pressed (`messageID`), else the peer's newest in
   * our conversation, so moderators can find it.
   */
  async report(
    userID: string,
    reason: ReportReason,
    text = '',
    messageID?: string,
  ): Promise<string> {
    const chosen = messageID ? chatStore.findMessage(messageID) : undefined
    const message = chosen && chosen.flow === 'in' ? chosen : lastMessageFrom(userID)
    const words = text.trim().slice(0, REPORT_TEXT_MAX_LENGTH)
    return safetyApi.report({
      userID,
      reason,
      messageID: message?.id,
      abstract: words || message?.text.slice(0, REPORT_TEXT_MAX_LENGTH),
    })
  },
}
