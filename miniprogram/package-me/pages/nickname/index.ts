/** The nickname editor (设置名字): WeChat's nickname input, checked by the app server before anyone sees it. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { privacyBehavior, type PrivacyMethods } from '../../../components/behaviors/privacy'
import { themeBehavior } from '../../../components/behaviors/theme'
import { NICK_MAX_LENGTH, profileFlow } from '../../../flows/profile'
import { messageOf } from '../../../pages/navigation'
import { showToast } from '../../../services/ui'
import { profileStore } from '../../../stores/profile'

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior, privacyBehavior] },
  storeBindings: { store: profileStore, fields: ['me'] as const, actions: [] },
  data: {
    nickDraft: '',
    maxLength: NICK_MAX_LENGTH,
    saving: false,
    nickError: '',
  },
  methods: {
    onLoad() {
      this.setData({ nickDraft: profileStore.me?.nick ?? '' })
    },

    onShow() {
      ;(this as unknown as PrivacyMethods).watchPrivacy()
    },

    onNickInput(event: WechatMiniprogram.Input) {
      this.setData({ nickDraft: event.detail.value, nickError: '' })
    },

    /** Read from the form too: the platform may replace or clear a nickname input's value on blur. */
    async onSubmit(event: WechatMiniprogram.FormSubmit<{ nick?: string }>) {
      if (this.data.saving) return
      const nick = event.detail.value?.nick ?? this.data.nickDraft
      this.setData({ saving: true, nickError: '' })
      try {
        await profileFlow.changeNick(nick)
        showToast('昵称已更新')
        wx.navigateBack({ delta: 1 })
      } catch (error) {
        this.setData({ nickError: messageOf(error, '保存失败，请重试') })
      } finally {
        this.setData({ saving: false })
      }
    },
  },
})
