/**
 * Voice messages: what WeChat's RecorderManager hands over in onStop, sent as the SDK's audio message (uploaded
 * through the plugin). Goes through messages.send, so a failed send is 发送失败 and resends like any other.
 */
import type { ChatSDK, Message } from 'tim-wx-sdk'
import type { MessageView } from '../models/types'
import { AppErrorCode, ImError } from './errors'
import { requirePeer } from './messages'
import type { RecordedVoice } from './types'

export interface VoiceContext {
  send(make: (tim: ChatSDK) => Message): Promise<MessageView>
}

function checkRecording(recorded: RecordedVoice): RecordedVoice {
  const valid =
    recorded !== null &&
    typeof recorded === 'object' &&
    typeof recorded.tempFilePath === 'string' &&
    recorded.tempFilePath !== '' &&
    recorded.duration > 0 &&
    recorded.fileSize > 0
  if (!valid) throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'voice', '录音文件无效')
  return recorded
}

export function createVoice(context: VoiceContext) {
  return {
    async sendVoice(peerID: string, recorded: RecordedVoice): Promise<MessageView> {
      const to = requirePeer(peerID)
      const { tempFilePath, duration, fileSize } = checkRecording(recorded)
      // The SDK reads tempFilePath, duration (ms) and fileSize from the recorder's result itself.
      return context.send((tim) =>
        tim.createAudioMessage({
          to,
          conversationType: 'C2C',
          payload: { file: { tempFilePath, duration, fileSize } },
        }),
      )
    },
  }
}
