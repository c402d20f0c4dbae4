/** 举报: pick a reason, optionally say more; the app server stores it for the moderators. */
import { themeBehavior } from '../../../components/behaviors/theme'
import { messageOf } from '../../../pages/navigation'
import { showToast } from '../../../services/ui'
import { REPORT_TEXT_MAX_LENGTH, safety } from '../../flows/safety'
import { REPORT_REASONS, type ReportReason } from '../../services/safety-api'

Component({
  behaviors: [themeBehavior],
  data: {
    userID: '',
    messageID: '',
    reasons: REPORT_REASONS as readonly { value: string; label: string }[],
    reason: '',
    text: '',
    maxLength: REPORT_TEXT_MAX_LENGTH,
    sending: false,
    errorText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        userID: decodeURIComponent(query.userID ?? ''),
        messageID: decodeURIComponent(query.messageID ?? ''),
      })
    },

    onTapReason(event: WechatMiniprogram.TouchEvent<object, object, { reason: string }>) {
      this.setData({ reason: event.currentTarget.dataset.reason, errorText: '' })
    },

    onTextInput(event: WechatMiniprogram.Input) {
      this.setData({ text: event.detail.value })
    },

    async onTapSubmit() {
      const { userID, messageID, reason, text, sending } = this.data
      if (sending) return
      if (!reason) {
        this.setData({ errorText: '请选择举报原因' })
        return
      }
      this.setData({ sending: true, errorText: '' })
      try {
        await safety.report(userID, reason as ReportReason, text, messageID || undefined)
        showToast('举报已提交，我们会尽快处理')
        wx.navigateBack({ delta: 1 })
      } catch (error) {
        this.setData({ errorText: messageOf(error, '提交失败，请重试') })
      } finally {
        this.setData({ sending: false })
      }
    },
  },
})
