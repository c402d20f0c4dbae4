/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { contacts } from '../../../flows/contacts'
import { contactStore, networkStore, resetAllStores } from '../../../stores/index'
import { runInAction } from '../../../stores/mobx'

loadSimulate()

let page: RenderedComponent

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  resetAllStores()
})

async function openContacts(): Promise<RenderedComponent> {
  const rendered = renderComponent('pages/contacts/index')
  ;(rendered.instance.onShow as () => void)()
  await flush()
  return rendered
}

async function typeFriendID(component: RenderedComponent, value: string) {
  component.querySelector('#add-friend-input')!.dispatchEvent('input', { detail: { value } })
  await flush()
}

test('showing the tab loads the friends and lists them by the name shown, a remark before the nickname', async () => {
  const refresh = jest.spyOn(contacts, 'refresh').mockImplementation(async () => {
    runInAction(() =>
      contactStore.setFriends(
        [
          { userID: 'bob', nick: 'Bob', avatar: '' },
          { userID: 'carol', nick: '', avatar: '' },
          { userID: 'dave', nick: 'Dave', avatar: '' },
        ],
        { dave: 'Aaron 表哥' },
      ),
    )
  })
  page = await openContacts()
  expect(refresh).toHaveBeenCalled()
  const friends = page.querySelectorAll('.friend-item')
  expect(friends.map((item) => item.dom?.dataset.userId)).toEqual(['dave', 'bob', 'carol'])
  expect(page.querySelectorAll('.friend-nick').map((nick) => nick.dom?.textContent)).toEqual([
    'Aaron 表哥',
    'Bob',
    'carol',
  ])
  expect(page.querySelector('#friends-empty')).toBeUndefined()
})

test('an empty list explains how to add a friend, and a load failure is shown', async () => {
  jest.spyOn(contacts, 'refresh').mockRejectedValue(new Error('网络连接失败'))
  page = await openContacts()
  expect(page.querySelector('#friends-empty')?.dom?.textContent).toContain('还没有好友')
  expect(page.querySelector('#friends-error')?.dom?.textContent).toBe('网络连接失败')
})

test('adding a friend by user ID goes through the contacts service and clears the input', async () => {
  jest.spyOn(contacts, 'refresh').mockResolvedValue(undefined)
  const add = jest.spyOn(contacts, 'add').mockResolvedValue({ alreadyFriends: false })
  page = await openContacts()
  await typeFriendID(page, ' carol ')
  page.querySelector('#add-friend-button')!.dispatchEvent('tap')
  await flush()
  expect(add).toHaveBeenCalledWith('carol')
  expect(page.data.addFriendID).toBe('')
  expect(page.querySelector('#add-friend-error')).toBeUndefined()
})

test('adding an unknown user shows the server reason; an empty ID is refused locally', async () => {
  jest.spyOn(contacts, 'refresh').mockResolvedValue(undefined)
  const add = jest.spyOn(contacts, 'add').mockRejectedValue(new Error('用户 zed 不存在'))
  page = await openContacts()
  page.querySelector('#add-friend-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#add-friend-error')?.dom?.textContent).toBe('请输入对方的用户 ID')
  expect(add).not.toHaveBeenCalled()

  await typeFriendID(page, 'zed')
  page.querySelector('#add-friend-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#add-friend-error')?.dom?.textContent).toBe('用户 zed 不存在')
  expect(page.data.addFriendID).toBe('zed')
})

test('tapping a friend opens the chat with them', async () => {
  jest.spyOn(contacts, 'refresh').mockImplementation(async () => {
    runInAction(() => contactStore.setFriends([{ userID: 'bob', nick: 'Bob', avatar: '' }]))
  })
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  page = await openContacts()
  page.querySelector('.friend-item')!.dispatchEvent('tap')
  await flush()
  expect(navigateTo).toHaveBeenCalledWith(
    expect.objectContaining({ url: '/package-chat/pages/chat/index?peerID=bob&nick=Bob' }),
  )
})

test('the connection banner shows through its #connection-banner host while disconnected', async () => {
  jest.spyOn(contacts, 'refresh').mockResolvedValue(undefined)
  runInAction(() => networkStore.setConnection('disconnected'))
  page = await openContacts()
  expect(page.querySelector('#connection-banner')?.dom?.textContent).toBe('连接中断，正在重连…')
  runInAction(() => networkStore.setConnection('connected'))
  await flush()
  expect(page.querySelector('#connection-banner')?.dom?.textContent).toBe('')
})
