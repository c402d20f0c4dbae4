/**
 * Profiles on the real SDK and local IM. A friend's profile change is pushed to alice's phone (ProfileDataMod);
 * tim-wx-sdk turns it into PROFILE_UPDATED only in its friendship build (ProfileHandler._update keeps a peer's
 * profile only when isMyFriend, which needs the friendship module). The app ships the basic build (the
 * friendship build is 38 KB more than the main package's budget allows): there a new nickname reaches the
 * conversation with the peer's next message and the contact list on its next refresh.
 */
import type { TimStatic } from 'tim-wx-sdk'
import { auth } from '../../flows/auth'
import { contacts } from '../../flows/contacts'
import { api } from '../../services/api'
import { contactStore, conversationStore, profileStore } from '../../stores/index'
import { createIm } from '../create'
import { defaultImDeps, im } from '../index'
import { resetPhone } from '../../__tests__/support/app'
import { startStack, waitFor, type SdkUser, type Stack } from '../../__tests__/support/stack'

let stack: Stack
let bob: SdkUser

beforeAll(async () => {
  stack = await startStack()
})

beforeEach(async () => {
  bob = await stack.peer('bob')
  await bob.tim.updateMyProfile({ nick: 'bob', avatar: '' })
})

afterEach(async () => {
  await bob.destroy()
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

async function bobSays(text: string): Promise<void> {
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text } }),
  )
}

test('the app (basic SDK build): a friend’s new nickname reaches the conversation with his next message and the contacts on refresh', async () => {
  await auth.loginAsDevUser('alice')
  await contacts.add('bob')
  await bobSays('你好')
  await waitFor(() => conversationStore.byID('C2Cbob') !== undefined, 'the conversation')

  await bob.tim.updateMyProfile({ nick: '鲍勃', avatar: 'https://avatars.example/bob.png' })
  await bobSays('我改名了')
  await waitFor(() => conversationStore.byID('C2Cbob')?.nick === '鲍勃', 'the new nickname')
  expect(conversationStore.byID('C2Cbob')?.avatar).toBe('https://avatars.example/bob.png')
  await contacts.refresh()
  expect(contactStore.friends.find((friend) => friend.userID === 'bob')?.nick).toBe('鲍勃')
})

test('with the friendship SDK build, a friend’s PROFILE_UPDATED updates his contact row and conversation live', async () => {
  const friendshipSdk = (): TimStatic =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's other build, by path
    require('tim-wx-sdk/tim-wx-friendship.js') as TimStatic
  const door = createIm({ ...defaultImDeps(), loadSdk: friendshipSdk })
  try {
    const credentials = await api.devLogin('alice')
    await api.addFriend('bob').catch((_alreadyFriends: unknown) => undefined)
    await door.login(credentials)
    contactStore.setFriends(await door.fetchUserProfiles(['bob']))
    await bobSays('你好')
    await waitFor(() => conversationStore.byID('C2Cbob') !== undefined, 'the conversation')

    await bob.tim.updateMyProfile({ nick: '鲍勃', avatar: 'https://avatars.example/bob.png' })
    await waitFor(
      () =>
        conversationStore.byID('C2Cbob')?.nick === '鲍勃' &&
        contactStore.friends.find((friend) => friend.userID === 'bob')?.nick === '鲍勃',
      'bob’s new nickname on alice’s phone, without a message from him',
    )
    expect(conversationStore.byID('C2Cbob')?.avatar).toBe('https://avatars.example/bob.png')
    // Alice's own profile is not mistaken for his.
    expect(profileStore.me?.userID).toBe('alice')
  } finally {
    await door.logout()
  }
})

test('my own profile change reaches the profile store', async () => {
  await auth.loginAsDevUser('alice')
  await im.updateMyProfile({ nick: '爱丽丝' })
  expect(profileStore.me?.nick).toBe('爱丽丝')
})
