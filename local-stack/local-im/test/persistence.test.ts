import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall } from '../testing'
import { startTestIm, textOf } from './helpers'

const started: LocalIm[] = []

afterEach(async () => {
  await destroyAllSdkUsers()
  await Promise.all(started.splice(0).map((im) => im.close()))
})

test('with a data folder a restart loses nothing: accounts, profiles, messages, unread, friends, files', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-data-'))
  const first = await startTestIm({ dataDir })
  started.push(first)
  await restCall(first, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  await restCall(first, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'bob' }],
    AddType: 'Add_Type_Both',
    ForceAddFlags: 1,
  })
  const alice = await createSdkUser({ localIm: first, userID: 'alice' })
  await alice.tim.updateMyProfile({ nick: 'Alice' })
  for (const text of ['one', 'two', 'three']) {
    await alice.tim.sendMessage(
      alice.tim.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text } }),
    )
  }
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEklEQVR4nGP4z8AARAwM/xkYAEGoA/0kiw3SAAAAAElFTkSuQmCC',
    'base64',
  )
  const path = join(mkdtempSync(join(tmpdir(), 'local-im-photo-')), 'photo.png')
  writeFileSync(path, png)
  await alice.tim.sendMessage(
    alice.tim.createImageMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { file: { tempFilePaths: [path], tempFiles: [{ path, size: png.length }] } },
    }),
  )
  await alice.destroy()
  await first.close()

  const second = await startTestIm({ dataDir })
  started.push(second)
  const bob = await createSdkUser({
    localIm: second,
    userID: 'bob',
    build: 'friendship',
    importAccount: false,
  })
  const { data } = await bob.tim.getConversationList()
  expect(data.conversationList[0]).toMatchObject({ conversationID: 'C2Calice', unreadCount: 4 })
  expect(data.conversationList[0].userProfile.nick).toBe('Alice')
  const list = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(list.data.messageList.map(textOf)).toEqual(['one', 'two', 'three', undefined])
  const imageUrl = new URL(list.data.messageList[3].payload.imageInfoArray[0].url as string)
  const download = await fetch(`${second.httpUrl}${imageUrl.pathname}`)
  expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true)
  const friends = await bob.tim.getFriendList()
  expect(friends.data.map((f: { userID: string }) => f.userID)).toEqual(['alice'])
})
