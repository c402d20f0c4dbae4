/**
 * The chat's "+" button and its panel as chat page methods: 图片 keeps the composer's picture flow, 视频 picks
 * with wx.chooseMedia (album or camera), 文件 with wx.chooseMessageFile (from a WeChat chat); both are sent
 * through the IM door with the upload's progress set by path on the message's row. Limits are the door's: its
 * refusal is shown as a toast and nothing is sent.
 */
import type { PickedFile, PickedVideo } from '../../../im/attachments'
import { ImError } from '../../../im/errors'
import { im } from '../../../im/index'
import { showToast } from '../../../services/ui'
import type { MoreKind } from '../../components/more-panel/index'
import { messageOf } from './composer'

/** WeChat's longest camera recording for chooseMedia (its maxDuration is 3–60 s; the album is not limited). */
export const CAMERA_MAX_SECONDS = 60

interface AttachmentPage {
  data: { morePanelShown: boolean; emojiPanelShown: boolean }
  setData(patch: Record<string, unknown>): void
  /** Sets one row's progress (upload or download) by path. */
  setRowProgress(messageID: string, progress: number): void
  onTapImageButton(): void
  /** 名片: the friend picker, then the card (card-actions.ts). */
  onPickCard(): void
}

/** A picker the person closed is no error; anything else is said. */
function pickerFailed(what: string) {
  return (failure: WechatMiniprogram.GeneralCallbackResult) => {
    if (!/cancel/.test(failure.errMsg)) showToast(`无法选择${what}`)
  }
}

/** Sends through `send`, the bubble following the upload; a failed upload's bar goes away with it. */
function sendWithProgress(
  page: AttachmentPage,
  send: (onProgress: (messageID: string, percent: number) => void) => Promise<unknown>,
  fallback: string,
): void {
  send((messageID, percent) => page.setRowProgress(messageID, percent)).catch((error: unknown) => {
    if (error instanceof ImError && error.messageID) page.setRowProgress(error.messageID, 0)
    showToast(messageOf(error, fallback))
  })
}

function pickVideo(page: AttachmentPage, peerID: string): void {
  wx.chooseMedia({
    count: 1,
    mediaType: ['video'],
    sourceType: ['album', 'camera'],
    maxDuration: CAMERA_MAX_SECONDS,
    camera: 'back',
    success: (result) => {
      const chosen = result.tempFiles[0]
      if (!chosen) return
      const video: PickedVideo = {
        tempFilePath: chosen.tempFilePath,
        size: chosen.size,
        duration: chosen.duration,
        width: chosen.width,
        height: chosen.height,
      }
      sendWithProgress(
        page,
        (onProgress) => im.sendVideo(peerID, video, onProgress),
        '视频发送失败',
      )
    },
    fail: pickerFailed('视频'),
  })
}

function pickFile(page: AttachmentPage, peerID: string): void {
  wx.chooseMessageFile({
    count: 1,
    type: 'file',
    success: (result) => {
      const chosen = result.tempFiles[0]
      if (!chosen) return
      const file: PickedFile = { path: chosen.path, size: chosen.size, name: chosen.name }
      sendWithProgress(page, (onProgress) => im.sendFile(peerID, file, onProgress), '文件发送失败')
    },
    fail: pickerFailed('文件'),
  })
}

export function attachmentMethods(peerOf: (page: object) => string | undefined) {
  return {
    /** "+" opens the panel in place of the emoji panel (and the keyboard), as in WeChat; again closes it. */
    onTapMoreButton(this: AttachmentPage) {
      this.setData({ morePanelShown: !this.data.morePanelShown, emojiPanelShown: false })
    },

    onPickMore(this: AttachmentPage, event: WechatMiniprogram.CustomEvent<{ kind: MoreKind }>) {
      const peerID = peerOf(this)
      if (!peerID) return
      this.setData({ morePanelShown: false })
      const kind = event.detail.kind
      if (kind === 'image') this.onTapImageButton()
      else if (kind === 'video') pickVideo(this, peerID)
      else if (kind === 'file') pickFile(this, peerID)
      else if (kind === 'card') this.onPickCard()
    },
  }
}
