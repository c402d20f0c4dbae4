// button: form submit / reset and the open-types (share, avatar, privacy, …) a tap triggers.
import fs from 'node:fs'
import path from 'node:path'
import { idOf, nodeOf, type Instance } from '../framework'
import { instanceOf } from '../framework'
import { findAncestor, onTap, register, type BuiltinsHost } from './kit'

export function registerButton(host: BuiltinsHost): void {
  register('button', {
    properties: {
      type: { type: String, value: 'default' },
      size: { type: String, value: 'default' },
      plain: Boolean,
      disabled: Boolean,
      loading: Boolean,
      formType: String,
      openType: String,
      hoverClass: String,
      lang: String,
      sessionFrom: String,
      sendMessageTitle: String,
      appParameter: String,
      showMessageCard: Boolean,
      phoneNumberNoQuotaToast: Boolean,
    },
    lifetimes: {
      attached(this: Instance) {
        onTap(host, this, () => {
          if (this.data.disabled) return
          const formType = this.data.formType
          if (formType === 'submit' || formType === 'reset') {
            const form = findAncestor(nodeOf(this), 'form')
            const formCaller = instanceOf(form)
            if (formCaller) formCaller.hostAction(formType, nodeOf(this))
          }
          if (this.data.openType) openType(host, this, String(this.data.openType))
        })
      },
    },
  })
}

/** What a button's open-type does when tapped. */
function openType(host: BuiltinsHost, button: Instance, type: string): void {
  const lower = type.toLowerCase()
  if (lower === 'share') {
    const page = host.pages.current()
    const share = host.callHook(page.instance, 'onShareAppMessage', {
      from: 'button',
      target: { id: idOf(nodeOf(button)) },
    })
    host.dialogs.ui.shares.push(share ?? { title: page.title, path: page.route })
  } else if (lower === 'getphonenumber' || lower === 'getrealtimephonenumber') {
    button.triggerEvent(lower, { errMsg: `${type}:fail not supported by the host` })
  } else if (lower === 'chooseavatar') {
    const file = host.mediaFiles()[0]
    if (file) {
      const avatarUrl = host.files.storeTemp(fs.readFileSync(file), path.extname(file))
      button.triggerEvent('chooseavatar', { avatarUrl })
    }
  } else if (lower === 'agreeprivacyauthorization') {
    host.dialogs.agreePrivacy()
    button.triggerEvent('agreeprivacyauthorization', {})
  } else if (lower === 'opensetting') {
    button.triggerEvent('opensetting', { authSetting: host.openSettings() })
  } else if (lower === 'getuserinfo') {
    button.triggerEvent('getuserinfo', {
      errMsg: 'getUserInfo:ok',
      userInfo: {
        nickName: '微信用户',
        avatarUrl: '',
        gender: 0,
        country: '',
        province: '',
        city: '',
        language: 'zh_CN',
      },
    })
  } else {
    button.triggerEvent('error', { errMsg: `open-type ${type} is not supported by the host` })
  }
}
