/**
 * Taps on voice, video, file and card bubbles, as chat page methods: a file downloads with its progress on the
 * bubble, then opens (wx.openDocument for the types it opens, otherwise 保存 / 转发); a voice plays, one at a
 * time, with the silent switch ignored, and a received one loses its unplayed dot for good; a video plays full
 * screen; a card offers 发消息 / 添加好友.
 */
import { contacts } from '../../../flows/contacts'
import type { MessageView } from '../../../models/types'
import { chatPageUrl } from '../../../pages/navigation'
import { showToast } from '../../../services/ui'
import { chatStore } from '../../../stores/chat'
import { extensionOf, OPENABLE_DOCUMENTS } from '../../models/media'
import { playedVoices } from '../../stores/played-voices'
import { messageOf } from './composer'

interface MediaPage {
  data: { videoUrl: string; playingID: string }
  setData(patch: Record<string, unknown>): void
  /** Sets one row's download progress by path. */
  setRowProgress(messageID: string, progress: number): void
  /** Takes one row's unplayed dot away by path. */
  setRowPlayed(messageID: string): void
}

/** The one voice player per page, so that starting a voice stops the other. */
const players = new WeakMap<object, WechatMiniprogram.InnerAudioContext>()

function player(page: MediaPage): WechatMiniprogram.InnerAudioContext {
  let audio = players.get(page)
  if (!audio) {
    // Voice messages must play with the iOS silent switch on, as WeChat's own do.
    wx.setInnerAudioOption({ obeyMuteSwitch: false })
    audio = wx.createInnerAudioContext()
    const stopped = () => page.setData({ playingID: '' })
    audio.onEnded(stopped)
    audio.onStop(stopped)
    audio.onError(() => {
      stopped()
      showToast('语音播放失败')
    })
    players.set(page, audio)
  }
  return audio
}

export function stopVoice(page: object): void {
  const audio = players.get(page)
  if (!audio) return
  audio.destroy()
  players.delete(page)
}

function openFile(page: MediaPage, message: MessageView): void {
  const media = message.media
  if (!media?.url) return
  const task = wx.downloadFile({
    url: media.url,
    success: (result) => {
      page.setRowProgress(message.id, 0)
      if (result.statusCode !== 200) {
        showToast('文件下载失败')
        return
      }
      const fileType = extensionOf(media.name)
      if (OPENABLE_DOCUMENTS.has(fileType)) {
        wx.openDocument({
          filePath: result.tempFilePath,
          fileType: fileType as 'pdf',
          showMenu: true,
          fail: () => showToast('无法打开此文件'),
        })
        return
      }
      offerSaveOrForward(result.tempFilePath, media.name)
    },
    fail: () => {
      page.setRowProgress(message.id, 0)
      showToast('文件下载失败')
    },
  })
  task.onProgressUpdate((update) => page.setRowProgress(message.id, Math.max(1, update.progress)))
}

/** Types WeChat cannot open in place: keep them on the phone, or send them to a WeChat chat. */
function offerSaveOrForward(filePath: string, fileName: string): void {
  wx.showActionSheet({
    itemList: ['保存', '转发'],
    success: ({ tapIndex }) => {
      if (tapIndex === 0) {
        wx.getFileSystemManager().saveFile({
          tempFilePath: filePath,
          success: () => showToast('已保存'),
          fail: () => showToast('保存失败'),
        })
      } else {
        wx.shareFileMessage({ filePath, fileName, fail: () => showToast('转发失败') })
      }
    },
  })
}

function playVoice(page: MediaPage, message: MessageView): void {
  const audio = player(page)
  if (page.data.playingID === message.id) {
    audio.stop()
    return
  }
  audio.stop()
  audio.src = message.media?.url ?? ''
  audio.play()
  page.setData({ playingID: message.id })
  if (message.flow === 'in' && !playedVoices.has(message.id)) {
    playedVoices.markPlayed(message.id)
    page.setRowPlayed(message.id)
  }
}

function openCard(message: MessageView): void {
  const card = message.card
  if (!card) return
  wx.showActionSheet({
    itemList: ['发消息', '添加好友'],
    success: ({ tapIndex }) => {
      if (tapIndex === 0) {
        wx.navigateTo({ url: chatPageUrl(card.userID, card.nick) })
        return
      }
      contacts
        .add(card.userID)
        .then(({ alreadyFriends }) => showToast(alreadyFriends ? '已经是好友' : '已添加好友'))
        .catch((error: unknown) => showToast(messageOf(error, '添加好友失败')))
    },
  })
}

export const mediaMethods = {
  onTapMedia(
    this: MediaPage,
    event: WechatMiniprogram.TouchEvent<object, object, { messageId: string }>,
  ) {
    const message = chatStore.findMessage(event.currentTarget.dataset.messageId)
    if (!message) return
    if (message.type === 'file') openFile(this, message)
    else if (message.type === 'sound') playVoice(this, message)
    else if (message.type === 'video' && message.media?.url)
      this.setData({ videoUrl: message.media.url })
    else if (message.type === 'card') openCard(message)
  },

  onCloseVideo(this: MediaPage) {
    this.setData({ videoUrl: '' })
  },
}
