/**
 * Cards, quote-replies and forwards with the real SDK on both sides of the real local IM: the card JSON and the
 * quote's TUIKit shape as the peer's SDK receives them, a TUIKit-shaped quote from a peer read back, a malformed
 * one from REST shown as plain text, and a forward of every kind arriving at a third user.
 */
import { mp4File, onePagePdf, PNG, silentMp3 } from '@tim-c2c/local-im/testing/media-fixtures'
import type { Message } from 'tim-wx-sdk'
import { toMessageView } from '../../models/mapping'
import type { MessageView } from '../../models/types'
import { api } from '../../services/api'
import { chatStore } from '../../stores/index'
import { loadUploadPlugin } from '../../package-chat/services/upload-plugin'
import { im } from '../index'
import { startStack, waitFor, type SdkUser, type Stack } from '../../__tests__/support/stack'

// Uploads through the plugin on a busy machine.
jest.setTimeout(180_000)

type Received = {
  ID: string
  type: string
  from: string
  time: number
  sequence: number
  payload: Record<string, unknown>
  cloudCustomData: string
}

let stack: Stack
let bob: SdkUser
let carol: SdkUser

/** What a raw SDK user received, by message type and a predicate, collected from MESSAGE_RECEIVED. */
function inbox(user: SdkUser): Received[] {
  const received: Received[] = []
  user.tim.on('onMessageReceived', (event: { data: Received[] }) => received.push(...event.data))
  return received
}
let bobInbox: Received[]
let carolInbox: Received[]

beforeAll(async () => {
  // As the chat does when it opens: the upload plugin ships in its subpackage.
  im.useUploadPlugin(loadUploadPlugin())
  stack = await startStack()
  await im.login(await api.devLogin('alice'))
  bob = await stack.peer('bob')
  carol = await stack.peer('carol')
  bobInbox = inbox(bob)
  carolInbox = inbox(carol)
})

afterAll(async () => {
  await im.logout()
  await stack.close()
})

async function received(list: Received[], what: string, test: (m: Received) => boolean) {
  await waitFor(() => list.some(test), what)
  return list.find(test)!
}

/** Bob sends `message` to alice; resolves with the SDK's answer once alice's store has it. */
async function bobSends(make: (tim: SdkUser['tim']) => unknown): Promise<Received> {
  const sent = (await bob.tim.sendMessage(make(bob.tim))).data.message as Received
  await waitFor(
    () => chatStore.findMessage(sent.ID) !== undefined,
    `message ${sent.ID} in chatStore`,
  )
  return sent
}

const toAlice = { to: 'alice', conversationType: 'C2C' }

/**
 * What a view shows of a message's content (its kind, text, media, card, picture). The picture's URL without
 * its scheme: the test harness's SDK user gets every received image URL rewritten to https: by the SDK's
 * _autoFixUrl, which the app's own instance (with proxyServer) does not.
 */
function content(view: MessageView) {
  const { type, text, media, card, imageUrl } = view
  return { type, text, media, card, imageUrl: imageUrl?.replace(/^https?:/, '') }
}

test('a card goes out as a custom message with the user_card JSON and a text other apps show', async () => {
  const sent = await im.sendCard('bob', { userID: 'carol', nick: '卡罗尔', avatar: '' })
  expect(sent).toMatchObject({ type: 'card', text: '[名片]', status: 'sent' })
  expect(sent.card).toEqual({ userID: 'carol', nick: '卡罗尔', avatar: '' })
  const got = await received(bobInbox, 'the card at bob', (m) => m.ID === sent.id)
  expect(got.type).toBe('TIMCustomElem')
  expect(JSON.parse(got.payload.data as string)).toEqual({
    businessID: 'user_card',
    version: 1,
    userID: 'carol',
    nick: '卡罗尔',
    avatar: '',
  })
  expect(got.payload).toMatchObject({ description: '[名片] 卡罗尔', extension: '' })
  await expect(im.sendCard('bob', { userID: ' ', nick: '', avatar: '' })).rejects.toThrow(
    '请选择要推荐的好友',
  )
})

test("a reply carries TUIKit's messageReply; a peer's TUIKit reply and a malformed REST one read back", async () => {
  const original = await bobSends((tim) =>
    tim.createTextMessage({ ...toAlice, payload: { text: '周六去爬山吗？' } }),
  )
  const reply = await im.sendReply('bob', '好啊', { messageID: original.ID, sender: 'bob 的昵称' })
  expect(reply.reply).toEqual({
    messageID: original.ID,
    sender: 'bob 的昵称',
    abstract: '周六去爬山吗？',
  })
  const got = await received(bobInbox, 'the reply at bob', (m) => m.ID === reply.id)
  expect(got.payload).toEqual({ text: '好啊' })
  expect(JSON.parse(got.cloudCustomData)).toEqual({
    messageReply: {
      messageAbstract: '周六去爬山吗？',
      messageSender: 'bob 的昵称',
      messageID: original.ID,
      messageType: 1,
      messageTime: original.time,
      messageSequence: original.sequence,
      version: 1,
    },
  })

  // Bob's side is a TUIKit app quoting alice's card (any kind): alice reads it the same way.
  const card = chatStore.messagesOf('C2Cbob').find((m) => m.type === 'card' && m.flow === 'out')!
  const theirs = await bobSends((tim) =>
    tim.createTextMessage({
      ...toAlice,
      payload: { text: '收到名片' },
      cloudCustomData: JSON.stringify({
        messageReply: {
          messageAbstract: '',
          messageSender: 'alice',
          messageID: card.id,
          messageType: 2,
          messageTime: 0,
          messageSequence: 0,
          version: 1,
        },
      }),
    }),
  )
  expect(chatStore.findMessage(theirs.ID)).toMatchObject({
    type: 'text',
    text: '收到名片',
    reply: { messageID: card.id, sender: 'alice', abstract: '[自定义消息]' },
  })

  // Through REST (an admin or another server), broken quotes: plain text, no crash.
  const broken = [
    '{"messageReply":',
    '{"messageReply":{"messageID":5,"messageAbstract":"x"}}',
    '{"messageReply":{"messageID":"a","version":9}}',
    'null',
  ]
  for (const [index, data] of broken.entries()) {
    const text = `REST ${index}`
    await stack.rest('openim/sendmsg', {
      From_Account: 'bob',
      To_Account: 'alice',
      MsgRandom: 1000 + index,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
      CloudCustomData: data,
    })
    await waitFor(
      () => chatStore.messagesOf('C2Cbob').some((m) => m.text === text),
      `REST message ${index} at alice`,
    )
    const view = chatStore.messagesOf('C2Cbob').find((m) => m.text === text)!
    expect(view.type).toBe('text')
    expect(view.reply).toBeUndefined()
  }
})

test('every kind forwards to another friend as a new message; a forwarded reply leaves its quote', async () => {
  const photo = bob.wx.createTempFile(PNG, 'png')
  const mp3 = silentMp3(2.2)
  const mp4 = mp4File(8_000)
  const pdf = onePagePdf('forward')
  const kinds: [string, (tim: SdkUser['tim']) => unknown][] = [
    ['text', (tim) => tim.createTextMessage({ ...toAlice, payload: { text: '转给卡罗尔' } })],
    [
      'image',
      (tim) =>
        tim.createImageMessage({
          ...toAlice,
          payload: {
            file: { tempFilePaths: [photo], tempFiles: [{ path: photo, size: PNG.length }] },
          },
        }),
    ],
    [
      'sound',
      (tim) =>
        tim.createAudioMessage({
          ...toAlice,
          payload: {
            file: {
              tempFilePath: bob.wx.createTempFile(mp3, 'mp3'),
              duration: 2200,
              fileSize: mp3.length,
            },
          },
        }),
    ],
    [
      'video',
      (tim) =>
        tim.createVideoMessage({
          ...toAlice,
          payload: {
            file: {
              tempFiles: [
                {
                  tempFilePath: bob.wx.createTempFile(mp4, 'mp4'),
                  duration: 5,
                  size: mp4.length,
                  width: 720,
                  height: 1280,
                },
              ],
            },
          },
        }),
    ],
    [
      'file',
      (tim) =>
        tim.createFileMessage({
          ...toAlice,
          payload: {
            file: {
              tempFiles: [
                {
                  path: bob.wx.createTempFile(pdf, 'pdf'),
                  size: pdf.length,
                  name: '行程.pdf',
                  type: 'file',
                  time: 1,
                },
              ],
            },
          },
        }),
    ],
    [
      'card',
      (tim) =>
        tim.createCustomMessage({
          ...toAlice,
          payload: {
            data: JSON.stringify({
              businessID: 'user_card',
              version: 1,
              userID: 'dave',
              nick: '戴夫',
            }),
            description: '[名片] 戴夫',
            extension: '',
          },
        }),
    ],
    ['face', (tim) => tim.createFaceMessage({ ...toAlice, payload: { index: 2, data: 'tt02' } })],
  ]
  for (const [kind, make] of kinds) {
    const original = await bobSends(make)
    const mine = chatStore.findMessage(original.ID)!
    expect(mine.type).toBe(kind)
    const copy = await im.forward(original.ID, 'carol')
    expect(copy).toMatchObject({
      conversationID: 'C2Ccarol',
      flow: 'out',
      type: kind,
      status: 'sent',
    })
    expect(copy.id).not.toBe(original.ID)
    expect(chatStore.messagesOf('C2Ccarol').some((m) => m.id === copy.id)).toBe(true)
    const got = await received(
      carolInbox,
      `the forwarded ${kind} at carol`,
      (m) => m.ID === copy.id,
    )
    expect(got).toMatchObject({ type: original.type, from: 'alice' })
    // Carol sees what alice saw: the same text, uploaded file, card, face.
    expect(content(copy)).toEqual(content(mine))
    expect(content(toMessageView(got as unknown as Message, Date.now()))).toEqual(content(mine))
  }

  // A reply forwarded: the text arrives without the quote, whose original is not in carol's chat.
  const reply = chatStore.messagesOf('C2Cbob').find((m) => m.reply && m.flow === 'out')!
  const copy = await im.forward(reply.id, 'carol')
  expect(copy.reply).toBeUndefined()
  const got = await received(carolInbox, 'the forwarded reply', (m) => m.ID === copy.id)
  expect(got.payload).toEqual({ text: '好啊' })
  expect(JSON.parse(got.cloudCustomData || '{}')).toEqual({})

  await expect(im.forward('no-such-message', 'carol')).rejects.toThrow('消息不存在或已被删除')
})
