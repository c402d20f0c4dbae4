/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { setConfigOverrides } from '../../../config/index'
import { auth } from '../../../flows/auth'
import { resetAllStores, sessionStore } from '../../../stores/index'
import { runInAction } from '../../../stores/mobx'

type PrivacyListener = (resolve: (result: object) => void) => void

let page: RenderedComponent
let privacyListener: PrivacyListener | undefined
// Installs simulate's `wx` before anything here touches it.
loadSimulate()
const wxGlobal = wx as unknown as Record<string, unknown>

beforeEach(() => {
  privacyListener = undefined
  wxGlobal.onNeedPrivacyAuthorization = (listener: PrivacyListener) => {
    privacyListener = listener
  }
  wxGlobal.getPrivacySetting = (options: { success: (setting: object) => void }) =>
    options.success({ needAuthorization: false, privacyContractName: '《C2C 聊天隐私保护指引》' })
})

/** The platform's order for a page that opens: attached (onLoad), then onShow. */
function renderLogin(): RenderedComponent {
  const rendered = renderComponent('pages/login/index')
  ;(rendered.instance.onShow as () => void)()
  return rendered
}

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  setConfigOverrides(null)
  resetAllStores()
})

test('local mode offers the three test users and logs in as the one tapped', async () => {
  const login = jest.spyOn(auth, 'loginAsDevUser').mockResolvedValue(undefined)
  page = renderLogin()
  await flush()
  expect(page.querySelector('#dev-user-alice')).toBeDefined()
  expect(page.querySelector('#dev-user-bob')).toBeDefined()
  expect(page.querySelector('#dev-user-carol')).toBeDefined()
  expect(page.querySelector('#wechat-login-button')).toBeUndefined()

  page.querySelector('#dev-user-bob')!.dispatchEvent('tap')
  await flush()
  expect(login).toHaveBeenCalledWith('bob', { nick: undefined, avatarPath: undefined })
})

test('local mode takes the chosen avatar and nickname along to the test user’s login', async () => {
  const login = jest.spyOn(auth, 'loginAsDevUser').mockResolvedValue(undefined)
  page = renderLogin()
  await flush()
  page.querySelector('#choose-avatar-button')!.dispatchEvent('chooseavatar', {
    detail: { avatarUrl: 'http://tmp/6f3a1c0d9e.jpeg' },
  })
  page.querySelector('#nickname-input')!.dispatchEvent('input', { detail: { value: ' 卡萝 ' } })
  await flush()
  page.querySelector('#dev-user-carol')!.dispatchEvent('tap')
  await flush()
  expect(login).toHaveBeenCalledWith('carol', {
    nick: '卡萝',
    avatarPath: 'http://tmp/6f3a1c0d9e.jpeg',
  })
})

test('a failed login shows the reason on the page', async () => {
  jest.spyOn(auth, 'loginAsDevUser').mockRejectedValue(new Error('无法连接服务器，请检查网络'))
  page = renderLogin()
  await flush()
  page.querySelector('#dev-user-alice')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#login-error')?.dom?.textContent).toBe('无法连接服务器，请检查网络')
  expect(page.data.busyUserID).toBe('')
})

test('the reason of a kick-out is shown, and the session becoming ready enters the app', async () => {
  runInAction(() => sessionStore.reset('你的账号已在其他设备登录'))
  const switchTab = jest.spyOn(wx, 'switchTab')
  page = renderLogin()
  await flush()
  expect(page.querySelector('#logout-reason')?.dom?.textContent).toBe('你的账号已在其他设备登录')

  runInAction(() => {
    sessionStore.startLogin({
      token: 't',
      userID: 'alice',
      userSig: 's',
      sdkAppID: 1400000000,
      expireAt: Date.now() + 3_600_000,
    })
    sessionStore.markReady({ userID: 'alice', nick: 'Alice', avatar: '' })
  })
  await flush()
  expect(switchTab).toHaveBeenCalledWith(
    expect.objectContaining({ url: '/pages/conversations/index' }),
  )
})

test('production mode asks for privacy consent before the nickname and avatar, then logs in with WeChat', async () => {
  setConfigOverrides({ mode: 'production' })
  const login = jest.spyOn(auth, 'loginWithWeChat').mockResolvedValue(undefined)
  page = renderLogin()
  await flush()
  expect(page.querySelector('#dev-user-alice')).toBeUndefined()
  expect(page.querySelector('#nickname-input')).toBeDefined()
  expect(page.querySelector('#privacy-panel')).toBeUndefined()

  // The platform calls this when the nickname input or avatar button needs consent.
  const resolve = jest.fn()
  privacyListener!(resolve)
  await flush()
  expect(page.querySelector('#privacy-panel')?.dom?.textContent).toContain(
    '《C2C 聊天隐私保护指引》',
  )
  page.querySelector('#agree-privacy-button')!.dispatchEvent('agreeprivacyauthorization')
  await flush()
  expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'agree-privacy-button' })
  expect(page.querySelector('#privacy-panel')).toBeUndefined()

  page.querySelector('#choose-avatar-button')!.dispatchEvent('chooseavatar', {
    detail: { avatarUrl: 'wxfile://tmp_5b1c9e2f0a.png' },
  })
  await flush()
  page
    .querySelector('#wechat-login-form')!
    .dispatchEvent('submit', { detail: { value: { nick: ' 小明 ' } } })
  await flush()
  expect(login).toHaveBeenCalledWith({ nick: '小明', avatarPath: 'wxfile://tmp_5b1c9e2f0a.png' })
})

test('refusing privacy consent answers the platform and explains why', async () => {
  setConfigOverrides({ mode: 'production' })
  page = renderLogin()
  await flush()
  const resolve = jest.fn()
  privacyListener!(resolve)
  await flush()
  page.querySelector('#disagree-privacy-button')!.dispatchEvent('tap')
  await flush()
  expect(resolve).toHaveBeenCalledWith({ event: 'disagree' })
  expect(page.querySelector('#privacy-refused')?.dom?.textContent).toContain('隐私保护指引')
})

test('a saved session being resumed enters the app at once, before SDK_READY', async () => {
  const switchTab = jest.spyOn(wx, 'switchTab')
  runInAction(() =>
    sessionStore.startLogin(
      {
        token: 't',
        userID: 'alice',
        userSig: 's',
        sdkAppID: 1400000000,
        expireAt: Date.now() + 3_600_000,
      },
      'resuming',
    ),
  )
  page = renderLogin()
  await flush()
  expect(switchTab).toHaveBeenCalledWith(
    expect.objectContaining({ url: '/pages/conversations/index' }),
  )
})

test('local mode never asks for privacy consent: its login uses no privacy-protected API', async () => {
  wxGlobal.getPrivacySetting = (options: { success: (setting: object) => void }) =>
    options.success({ needAuthorization: true, privacyContractName: '《C2C 聊天隐私保护指引》' })
  page = renderLogin()
  await flush()
  expect(page.querySelector('#dev-user-alice')).toBeDefined()
  expect(page.querySelector('#privacy-panel')).toBeUndefined()
})

test('the production login page asks for consent up front when the platform says it is still missing', async () => {
  setConfigOverrides({ mode: 'production' })
  wxGlobal.getPrivacySetting = (options: { success: (setting: object) => void }) =>
    options.success({ needAuthorization: true, privacyContractName: '《C2C 聊天隐私保护指引》' })
  page = renderLogin()
  await flush()
  expect(page.querySelector('#privacy-panel')?.dom?.textContent).toContain(
    '《C2C 聊天隐私保护指引》',
  )
  page.querySelector('#agree-privacy-button')!.dispatchEvent('agreeprivacyauthorization')
  await flush()
  expect(page.querySelector('#privacy-panel')).toBeUndefined()
})
