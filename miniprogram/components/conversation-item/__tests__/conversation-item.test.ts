/** @jest-environment jsdom */
import { flush, renderComponent } from '@tim-c2c/test-support/simulate'

const base = {
  conversationID: 'C2Cbob',
  peerID: 'bob',
  nick: '',
  // The name shown comes from the store (contactStore.nameOf): remark, else nickname, else user ID.
  name: 'bob',
  avatar: '',
  preview: '对方撤回了一条消息',
  lastTime: 1,
  timeText: '星期二',
  unread: 0,
  unreadText: '',
  pinned: false,
}

test('shows the name the store gives and no badge when all is read', async () => {
  const item = renderComponent('components/conversation-item/index', { conversation: base })
  await flush()
  expect(item.querySelector('.nick')?.dom?.textContent).toBe('bob')
  expect(item.querySelector('.preview')?.dom?.textContent).toBe('对方撤回了一条消息')
  expect(item.querySelector('.time')?.dom?.textContent).toBe('星期二')
  expect(item.querySelector('.badge')).toBeUndefined()
  expect(item.querySelector('.row--pinned')).toBeUndefined()
  item.detach()
})

test('shows the unread text and marks a pinned conversation', async () => {
  const item = renderComponent('components/conversation-item/index', {
    conversation: { ...base, nick: 'Bob', name: 'Bob', unread: 5, unreadText: '5', pinned: true },
  })
  await flush()
  expect(item.querySelector('.nick')?.dom?.textContent).toBe('Bob')
  expect(item.querySelector('.badge')?.dom?.textContent).toBe('5')
  expect(item.querySelector('.row--pinned')).toBeDefined()
  item.detach()
})

test('an unsent draft replaces the preview, marked [草稿]', async () => {
  const item = renderComponent('components/conversation-item/index', {
    conversation: base,
    draft: '明天见',
  })
  await flush()
  expect(item.querySelector('.preview')?.dom?.textContent).toBe('[草稿]明天见')
  expect(item.querySelector('.draft-tag')?.dom?.textContent).toBe('[草稿]')
  item.detach()
})
