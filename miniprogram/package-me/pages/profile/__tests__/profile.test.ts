/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { contactStore } from '../../../../stores/contacts'
import { runInAction } from '../../../../stores/mobx'
import { safety } from '../../../flows/safety'
import { safetyStore } from '../../../stores/safety'

// The first render compiles the whole mini-program's WXML with wcc; the root jest run ignores testTimeout.
jest.setTimeout(60_000)

loadSimulate()

let page: RenderedComponent

function renderProfile(userID: string): RenderedComponent {
  const rendered = renderComponent('package-me/pages/profile/index')
  ;(rendered.instance.onLoad as (query: Record<string, string>) => void)({ userID })
  return rendered
}

/** What openProfile does with the real server: the person and my blacklist into the store. */
function openProfileShows(blocked: boolean) {
  return jest.spyOn(safety, 'openProfile').mockImplementation(async (userID) => {
    runInAction(() => {
      safetyStore.setViewed({ userID, nick: '鲍勃', avatar: '' })
      safetyStore.setBlocks(blocked ? [{ userID, nick: '鲍勃', avatar: '', blockedAt: 1 }] : [])
    })
  })
}

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  runInAction(() => {
    safetyStore.reset()
    contactStore.reset()
  })
})

test('shows the person; 加入黑名单 asks first, then blocks and shows 已拉黑', async () => {
  openProfileShows(false)
  const block = jest.spyOn(safety, 'block').mockImplementation(async (user) => {
    runInAction(() => safetyStore.addBlock({ ...user, blockedAt: 2 }))
  })
  const modal = jest.spyOn(wx, 'showModal').mockImplementation((options) => {
    options.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    return undefined as never
  })
  page = renderProfile('bob')
  await flush()
  expect(page.querySelector('#profile-nick')?.dom?.textContent).toBe('鲍勃')
  expect(page.querySelector('#blocked-state')).toBeUndefined()

  page.querySelector('#block-button')!.dispatchEvent('tap')
  await flush()
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '加入黑名单' }))
  expect(block).toHaveBeenCalledWith({ userID: 'bob', nick: '鲍勃', avatar: '' })
  expect(page.querySelector('#blocked-state')?.dom?.textContent).toBe('已拉黑')
})

test('a declined confirm blocks nobody; 取消拉黑 needs no confirm; a failure is shown', async () => {
  openProfileShows(true)
  const block = jest.spyOn(safety, 'block')
  jest.spyOn(safety, 'unblock').mockRejectedValue(new Error('请求太频繁，请稍后再试'))
  const modal = jest.spyOn(wx, 'showModal')
  page = renderProfile('bob')
  await flush()
  expect(page.querySelector('#blocked-state')).toBeDefined()
  page.querySelector('#block-button')!.dispatchEvent('tap')
  await flush()
  expect(modal).not.toHaveBeenCalled()
  expect(block).not.toHaveBeenCalled()
  expect(page.querySelector('#profile-error')?.dom?.textContent).toBe('请求太频繁，请稍后再试')
  expect(page.querySelector('#blocked-state')).toBeDefined()
})

test('举报 opens the report page for this person; 发消息 opens the chat, or goes back to it', async () => {
  openProfileShows(false)
  // The page stack: 通讯录 below this profile, then (second tap) the chat with bob below it.
  const stacks = [
    [{ options: {} }, {}],
    [{ options: { peerID: 'bob' } }, {}],
  ]
  Object.assign(globalThis, { getCurrentPages: () => stacks.shift() })
  const navigateBack = jest.spyOn(wx, 'navigateBack')
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  page = renderProfile('bob')
  await flush()
  page.querySelector('#report-button')!.dispatchEvent('tap')
  page.querySelector('#send-message-button')!.dispatchEvent('tap')
  page.querySelector('#send-message-button')!.dispatchEvent('tap')
  await flush()
  expect(navigateBack).toHaveBeenCalledTimes(1)
  expect(navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
    '../report/index?userID=bob',
    '/package-chat/pages/chat/index?peerID=bob&nick=%E9%B2%8D%E5%8B%83',
  ])
})

test('备注 shows 未设置, or my remark as the name with the nickname below; it opens the remark editor', async () => {
  openProfileShows(false)
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  page = renderProfile('bob')
  await flush()
  expect(page.querySelector('#remark-value')?.dom?.textContent).toBe('未设置')
  expect(page.querySelector('#profile-nick')?.dom?.textContent).toBe('鲍勃')
  expect(page.querySelector('#profile-nickname')).toBeUndefined()

  // What saving in the editor does to the store: the page follows without reloading.
  runInAction(() =>
    contactStore.setFriends([{ userID: 'bob', nick: '鲍勃', avatar: '' }], { bob: '老同学' }),
  )
  await flush()
  expect(page.querySelector('#remark-value')?.dom?.textContent).toBe('老同学')
  expect(page.querySelector('#profile-nick')?.dom?.textContent).toBe('老同学')
  expect(page.querySelector('#profile-nickname')?.dom?.textContent).toBe('昵称：鲍勃')

  page.querySelector('#remark-button')!.dispatchEvent('tap')
  await flush()
  expect(navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
    '../remark/index?userID=bob',
  ])
})
