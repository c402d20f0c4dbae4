/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { im } from '../../../im/index'
import { auth } from '../../../flows/auth'
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

test('shows the nickname and user ID from the stores', async () => {
  page = renderComponent('pages/me/index')
  await flush()
  expect(page.querySelector('#my-nick')?.dom?.textContent).toBe('Alice')
  expect(page.querySelector('#my-user-id')?.dom?.textContent).toBe('用户 ID：alice')
})

test('editing the nickname saves it through the IM profile API', async () => {
  const update = jest.spyOn(im, 'updateMyProfile').mockImplementation(async ({ nick }) => {
    runInAction(() =>
      profileStore.setMe({ userID: 'alice', nick: nick ?? '', avatar: '', signature: '' }),
    )
  })
  page = renderComponent('pages/me/index')
  await flush()
  page.querySelector('#edit-nick-button')!.dispatchEvent('tap')
  await flush()
  page.querySelector('#nick-input')!.dispatchEvent('input', { detail: { value: '爱丽丝 ' } })
  await flush()
  page.querySelector('#save-nick-button')!.dispatchEvent('tap')
  await flush()
  expect(update).toHaveBeenCalledWith({ nick: '爱丽丝' })
  expect(page.querySelector('#nick-input')).toBeUndefined()
  expect(page.querySelector('#my-nick')?.dom?.textContent).toBe('爱丽丝')
})

test('an empty nickname is refused without calling IM', async () => {
  const update = jest.spyOn(im, 'updateMyProfile')
  page = renderComponent('pages/me/index')
  await flush()
  page.querySelector('#edit-nick-button')!.dispatchEvent('tap')
  await flush()
  page.querySelector('#nick-input')!.dispatchEvent('input', { detail: { value: '   ' } })
  await flush()
  page.querySelector('#save-nick-button')!.dispatchEvent('tap')
  await flush()
  expect(update).not.toHaveBeenCalled()
  expect(page.querySelector('#nick-error')?.dom?.textContent).toBe('昵称不能为空')
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
