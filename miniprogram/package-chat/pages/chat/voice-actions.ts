/**
 * The input bar's voice side, as chat page methods: the 🎤/⌨️ toggle swaps the text input for the
 * voice-recorder's 按住 说话 button, and a finished recording goes out through the IM door (a failed send stays
 * as 发送失败, resent by tapping its status like any message). Mixed into the chat page's methods; `peerOf` gives
 * the page's peer (undefined before onLoad).
 */
import { im, type RecordedVoice } from '../../../im/index'
import { showToast } from '../../../services/ui'
import { messageOf } from './composer'
import { stopVoice } from './media-actions'

interface VoicePage {
  data: { voiceMode: boolean; emojiPanelShown: boolean; playingID: string }
  setData(patch: Record<string, unknown>): void
}

export function voiceMethods(peerOf: (page: object) => string | undefined) {
  return {
    onTapVoiceToggle(this: VoicePage) {
      const voiceMode = !this.data.voiceMode
      this.setData(voiceMode ? { voiceMode, emojiPanelShown: false } : { voiceMode })
    },

    /** The microphone and the speaker are not used together: a voice playing stops when recording starts. */
    onVoiceRecordStart(this: VoicePage) {
      if (this.data.playingID === '') return
      stopVoice(this)
      this.setData({ playingID: '' })
    },

    onVoiceRecorded(this: VoicePage, event: WechatMiniprogram.CustomEvent<RecordedVoice>) {
      const peerID = peerOf(this)
      if (!peerID) return
      im.sendVoice(peerID, event.detail).catch((error: unknown) =>
        showToast(messageOf(error, '语音发送失败')),
      )
    },
  }
}
