/**
 * The remark editor (设置备注, `?userID=`): one input prefilled with my current remark for the friend, their
 * nickname as the placeholder; saving an empty input clears the remark. Refusals (too long, blank, refused
 * words, no longer a friend) are shown under the input in the user's words.
 */
import { themeBehavior } from '../../../components/behaviors/theme'
import { messageOf } from '../../../pages/navigation'
import { showToast } from '../../../services/ui'
import { contactStore } from '../../../stores/contacts'
import { remarkFlow } from '../../flows/remark'
import { safetyStore } from '../../stores/safety'

Component({
  behaviors: [themeBehavior],
  data: {
    userID: '',
    remarkDraft: '',
    placeholder: '添加备注名',
    saving: false,
    remarkError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const userID = decodeURIComponent(query.userID ?? '')
      const viewed = safetyStore.viewed?.userID === userID ? safetyStore.viewed : undefined
      const nick = viewed?.nick || contactStore.friends.find((f) => f.userID === userID)?.nick
      this.setData({
        userID,
        remarkDraft: contactStore.remarkOf(userID),
        placeholder: nick ? `添加备注名（昵称：${nick}）` : '添加备注名',
      })
    },

    onRemarkInput(event: WechatMiniprogram.Input) {
      this.setData({ remarkDraft: event.detail.value, remarkError: '' })
    },

    onTapClear() {
      this.setData({ remarkDraft: '', remarkError: '' })
    },

    async onTapSave() {
      if (this.data.saving) return
      const { userID, remarkDraft } = this.data
      this.setData({ saving: true, remarkError: '' })
      try {
        await remarkFlow.save(userID, remarkDraft)
        showToast(remarkDraft === '' ? '已清除备注' : '备注已保存')
        wx.navigateBack({ delta: 1 })
      } catch (error) {
        this.setData({ remarkError: messageOf(error, '保存失败，请重试') })
      } finally {
        this.setData({ saving: false })
      }
    },
  },
})
