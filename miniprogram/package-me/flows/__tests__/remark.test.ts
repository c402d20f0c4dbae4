/**
 * A friend's remark (备注) on the production path: the app saves it through the real app server over HTTP, which
 * sets it in the real local IM (sns/friend_update); the contacts store and the conversation rows show it at once
 * and after a reload from the server; refused remarks say why and change nothing; clearing it brings back the
 * nickname. bob is a second real SDK user (his nickname is his IM profile's).
 */
import { resetPhone } from '../../../__tests__/support/app'
import { startStack, waitFor, type SdkUser, type Stack } from '../../../__tests__/support/stack'
import { auth } from '../../../flows/auth'
import { contacts } from '../../../flows/contacts'
import { contactStore, conversationStore } from '../../../stores/index'
import { remarkFlow } from '../remark'

let stack: Stack
let bob: SdkUser

beforeAll(async () => {
  stack = await startStack()
})

beforeEach(async () => {
  bob = await stack.peer('bob')
  await bob.tim.updateMyProfile({ nick: '鲍勃' })
})

afterEach(async () => {
  await bob.destroy()
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

/** alice's remark for `friend` as the IM itself keeps it. */
async function imRemark(friend: string): Promise<unknown> {
  const reply = await stack.rest('sns/friend_get', { From_Account: 'alice', StartIndex: 0 })
  const items = reply.UserDataItem as {
    To_Account: string
    ValueItem: { Tag: string; Value: unknown }[]
  }[]
  return items
    .find((item) => item.To_Account === friend)
    ?.ValueItem.find((value) => value.Tag === 'Tag_SNS_IM_Remark')?.Value
}

const bobRow = () => conversationStore.rows.find((row) => row.peerID === 'bob')
const bobFriend = () => contactStore.friends.find((friend) => friend.userID === 'bob')

test('a remark is kept by the IM and shown for bob in contacts and the conversation list; clearing it brings back his nickname', async () => {
  await auth.loginAsDevUser('alice')
  await contacts.add('bob')
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text: '在吗' } }),
  )
  await waitFor(() => bobRow() !== undefined, 'bob’s conversation in alice’s list')
  expect(bobFriend()?.name).toBe('鲍勃')

  await remarkFlow.save('bob', '大学室友')
  expect(await imRemark('bob')).toBe('大学室友')
  expect(bobFriend()).toMatchObject({ nick: '鲍勃', remark: '大学室友', name: '大学室友' })
  expect(bobRow()?.name).toBe('大学室友')
  expect(contactStore.nameOf({ userID: 'bob', nick: '鲍勃' })).toBe('大学室友')

  // A fresh start reads it back from the server.
  await resetPhone()
  await auth.loginAsDevUser('alice')
  await contacts.refresh()
  expect(bobFriend()).toMatchObject({ remark: '大学室友', name: '大学室友' })

  await remarkFlow.save('bob', '')
  expect(await imRemark('bob')).toBe('')
  expect(bobFriend()).toMatchObject({ remark: '', name: '鲍勃' })
})

test('refused remarks say why and change nothing: too long, blank, a line break, refused words, not a friend', async () => {
  await auth.loginAsDevUser('alice')
  await contacts.add('bob')
  const carol = await stack.peer('carol')
  await remarkFlow.save('bob', '备'.repeat(32))
  expect(await imRemark('bob')).toBe('备'.repeat(32))

  await expect(remarkFlow.save('bob', '备'.repeat(33))).rejects.toThrow(
    '备注太长了，最多 96 个字节（约 32 个汉字）',
  )
  await expect(remarkFlow.save('bob', '   ')).rejects.toThrow('备注不能只有空格')
  await expect(remarkFlow.save('bob', '第一行\n第二行')).rejects.toThrow('备注不能包含换行')
  // Only the server knows the refused words.
  await expect(remarkFlow.save('bob', '刷单返利 小王')).rejects.toThrow(
    '备注包含不允许使用的内容，请换一个',
  )
  await expect(remarkFlow.save('carol', '陌生人')).rejects.toThrow(
    '对方已不是你的好友，无法设置备注',
  )
  expect(await imRemark('bob')).toBe('备'.repeat(32))
  expect(contactStore.remarkOf('bob')).toBe('备'.repeat(32))
  expect(contactStore.remarkOf('carol')).toBe('')
  await carol.destroy()
})
