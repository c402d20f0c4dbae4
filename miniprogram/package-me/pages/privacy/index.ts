/**
 * 隐私与协议: what the app collects and why, in the words of the privacy guide declared in the MP console, and
 * WeChat's own rendering of that guide (wx.openPrivacyContract).
 */
import { themeBehavior } from '../../../components/behaviors/theme'

Component({
  behaviors: [themeBehavior],
  data: {
    items: [
      { name: '微信登录标识（openid）', why: '识别你的账号，不对其他用户展示' },
      { name: '头像', why: '你选择的头像上传到我们的服务器，作为你的资料显示给聊天对象' },
      { name: '昵称', why: '作为你的资料显示给聊天对象；提交前会检查内容是否合规' },
      { name: '聊天内容', why: '经腾讯云即时通信 IM 发送给对方；文字在送达前检查是否合规' },
      { name: '相册与相机', why: '仅在你选择发送图片时使用' },
      { name: '麦克风', why: '仅在你录制语音消息时使用' },
      { name: '文件', why: '仅在你选择发送文件时使用' },
      { name: '剪贴板', why: '仅在你复制消息或用户 ID 时写入' },
      { name: '举报与黑名单', why: '你的举报和拉黑记录保存在我们的服务器，用于处理违规内容' },
    ],
    errorText: '',
  },
  methods: {
    onTapContract() {
      wx.openPrivacyContract({
        fail: (failure) => this.setData({ errorText: `无法打开隐私保护指引：${failure.errMsg}` }),
      })
    },
  },
})
