/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { auth } from '../../../flows/auth'
import { profileFlow } from '../../../flows/profile'
import { profileStore, resetAllStores, sessionStore } from '../../../stores/index'
import { runInAction } from '../../../stores/mobx'

loadSimulate()

let page: RenderedComponent

beforeEach(() => {
  runInAction(() => {
    sessionStore.startLogin({
      token: 't',
      userID: 'alice',
      userSig: 's',
      sdkAppID: 1400000000,
      expireAt: Date.now() + 3_600_000,
    })
    sessionStore.markReady({ userID: 'alice', nick: 'Alice', avatar: '' })
    profileStore.setMe({ userID: 'alice', nick: 'Alice', avatar: '', signature: '' })
  })
})

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  resetAllStores()
})

test('shows the avatar, nickname, user ID and version from the stores in WeUI cells', async () => {
  runInAction(() =>
    profileStore.setMe({
      userID: 'alice',
      nick: 'Alice',
      avatar: 'http://127.0.0.1:3000/avatars/a.png',
      signature: '',
    }),
  )
  page = renderComponent('pages/me/index')
  await flush()
  expect(page.querySelector('#my-nick')?.dom?.textContent).toBe('Alice')
  expect(page.querySelector('#my-user-id')?.dom?.textContent).toBe('alice')
  const avatar = page.querySelector('#my-avatar')?.instance as unknown as { data: { src: string } }
  expect(avatar.data.src).toBe('http://127.0.0.1:3000/avatars/a.png')
  expect(page.querySelector('#app-version')?.dom?.textContent).toContain('版本')
  expect(page.querySelector('#change-avatar-button')).toBeDefined()
})

test('a chosen avatar goes to the profile flow; its refusal is shown and the avatar stays', async () => {
  const change = jest
    .spyOn(profileFlow, 'changeAvatar')
    .mockRejectedValueOnce(new Error('头像只能是 JPG 或 PNG 图片'))
  page = renderComponent('pages/me/index')
  await flush()
  page.querySelector('#change-avatar-button')!.dispatchEvent('chooseavatar', {
    detail: { avatarUrl: 'wxfile://tmp_0c1d2e3f.png' },
  })
  await flush()
  expect(change).toHaveBeenCalledWith('wxfile://tmp_0c1d2e3f.png')
  expect(page.querySelector('#me-error')?.dom?.textContent).toBe('头像只能是 JPG 或 PNG 图片')
  expect(page.data.avatarBusy).toBe(false)
})

test('the cells open the nickname editor, 黑名单 and 隐私与协议; the user ID cell copies the ID', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  const copy = jest.spyOn(wx, 'setClipboardData')
  page = renderComponent('pages/me/index')
  await flush()
  for (const id of ['#edit-nick-button', '#blacklist-cell', '#privacy-cell']) {
    page.querySelector(id)!.dispatchEvent('tap')
  }
  page.querySelector('#copy-user-id')!.dispatchEvent('tap')
  await flush()
  expect(navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
    '/package-me/pages/nickname/index',
    '/package-me/pages/blacklist/index',
    '/package-me/pages/privacy/index',
  ])
  expect(copy).toHaveBeenCalledWith(expect.objectContaining({ data: 'alice' }))
})

test('logging out ends the session and returns to the login page', async () => {
  const logout = jest.spyOn(auth, 'logout').mockResolvedValue(undefined)
  const reLaunch = jest.spyOn(wx, 'reLaunch')
  page = renderComponent('pages/me/index')
  await flush()
  page.querySelector('#logout-button')!.dispatchEvent('tap')
  await flush()
  expect(logout).toHaveBeenCalled()
  expect(reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/login/index' }))
})
