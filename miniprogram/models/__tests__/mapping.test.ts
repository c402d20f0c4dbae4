import type { Conversation, Message } from 'tim-wx-sdk'
import {
  c2cConversationID,
  compareConversations,
  peerIDOf,
  toConversationView,
  toMessageView,
} from '../mapping'
import { PREVIEW_IMAGE, REVOKED_BY_PEER } from '../format'

// The shape tim-wx-sdk hands out (fields read from its Message class); the integration specs
// run the same mapping on messages from the real SDK.
function sdkMessage(overrides: Partial<Message>): Message {
  return {
    ID: 'tiny-1-1',
    type: 'TIMTextElem',
    payload: { text: 'hello' },
    conversationID: 'C2Cbob',
    conversationType: 'C2C',
    to: 'bob',
    from: 'alice',
    flow: 'out',
    time: 1_790_000_000,
    clientTime: 1_790_000_000,
    sequence: 1,
    random: 1,
    status: 'success',
    isRevoked: false,
    isPeerRead: false,
    isRead: true,
    isResend: false,
    isDeleted: false,
    nick: '',
    avatar: '',
    cloudCustomData: '',
    ...overrides,
  }
}

const NOW = 1_790_000_030 * 1000

describe('toMessageView', () => {
  test('produces a frozen plain object in milliseconds, detached from the SDK object', () => {
    const message = sdkMessage({})
    const view = toMessageView(message, NOW)
    expect(Object.isFrozen(view)).toBe(true)
    expect(view).toMatchObject({
      id: 'tiny-1-1',
      conversationID: 'C2Cbob',
      flow: 'out',
      type: 'text',
      text: 'hello',
      time: 1_790_000_000_000,
      status: 'sent',
      isRead: false,
      revocable: true,
    })
    ;(message.payload as { text: string }).text = 'changed by the SDK later'
    message.isPeerRead = true
    expect(view.text).toBe('hello')
    expect(view.isRead).toBe(false)
  })

  test('maps send states and peer-read only for own messages', () => {
    expect(toMessageView(sdkMessage({ status: 'unSend' }), NOW).status).toBe('sending')
    expect(toMessageView(sdkMessage({ status: 'fail' }), NOW).status).toBe('failed')
    expect(toMessageView(sdkMessage({ isPeerRead: true }), NOW).isRead).toBe(true)
    expect(toMessageView(sdkMessage({ flow: 'in', isPeerRead: true }), NOW).isRead).toBe(false)
  })

  test('images take the big rendition and its size', () => {
    const view = toMessageView(
      sdkMessage({
        type: 'TIMImageElem',
        payload: {
          imageFormat: 1,
          uuid: 'u',
          imageInfoArray: [
            { type: 0, url: 'http://x/original', width: 4000, height: 3000, size: 1 },
            { type: 1, url: 'http://x/big', width: 720, height: 540, size: 1 },
            { type: 2, url: 'http://x/small', width: 198, height: 148, size: 1 },
          ],
        },
      }),
      NOW,
    )
    expect(view).toMatchObject({
      type: 'image',
      text: PREVIEW_IMAGE,
      imageUrl: 'http://x/big',
      imageWidth: 720,
      imageHeight: 540,
    })
  })

  test('unknown element types still render as something', () => {
    const view = toMessageView(sdkMessage({ type: 'TIMLocationElem', payload: {} }), NOW)
    expect(view.type).toBe('unknown')
    expect(view.text).not.toBe('')
  })
})

function sdkConversation(overrides: Partial<Conversation>): Conversation {
  return {
    conversationID: 'C2Cbob',
    type: 'C2C',
    unreadCount: 0,
    peerReadTime: 0,
    isPinned: false,
    lastMessage: {
      lastTime: 1_790_000_000,
      lastSequence: 1,
      fromAccount: 'bob',
      messageForShow: 'hi',
      type: 'TIMTextElem',
      payload: { text: 'hi' },
      isRevoked: false,
      isPeerRead: false,
    },
    userProfile: { userID: 'bob', nick: 'Bob', avatar: 'http://x/bob.png', selfSignature: '' },
    ...overrides,
  }
}

describe('toConversationView', () => {
  test('a C2C conversation becomes a frozen list row', () => {
    const view = toConversationView(sdkConversation({ unreadCount: 120 }), 'alice', NOW)
    expect(view).not.toBeNull()
    expect(Object.isFrozen(view)).toBe(true)
    expect(view).toMatchObject({
      conversationID: 'C2Cbob',
      peerID: 'bob',
      nick: 'Bob',
      preview: 'hi',
      lastTime: 1_790_000_000_000,
      timeText: '刚刚',
      unread: 120,
      unreadText: '99+',
      pinned: false,
    })
  })

  test('the peer ID stands in for a missing nickname; a recall by the peer is named', () => {
    const view = toConversationView(
      sdkConversation({
        userProfile: undefined,
        lastMessage: { ...sdkConversation({}).lastMessage, isRevoked: true },
      }),
      'alice',
      NOW,
    )
    expect(view?.nick).toBe('bob')
    expect(view?.preview).toBe(REVOKED_BY_PEER)
  })

  test('group and system conversations are left out', () => {
    expect(
      toConversationView(sdkConversation({ type: 'GROUP', conversationID: 'GROUPg1' }), 'a', NOW),
    ).toBeNull()
    expect(
      toConversationView(
        sdkConversation({ type: '@TIM#SYSTEM', conversationID: '@TIM#SYSTEM' }),
        'a',
        NOW,
      ),
    ).toBeNull()
  })

  test('pinned conversations sort first, then the most recent', () => {
    const rows = [
      toConversationView(
        sdkConversation({
          conversationID: 'C2Cold',
          lastMessage: { ...sdkConversation({}).lastMessage, lastTime: 100 },
        }),
        'a',
        NOW,
      ),
      toConversationView(
        sdkConversation({
          conversationID: 'C2Cnew',
          lastMessage: { ...sdkConversation({}).lastMessage, lastTime: 300 },
        }),
        'a',
        NOW,
      ),
      toConversationView(
        sdkConversation({
          conversationID: 'C2Cpin',
          isPinned: true,
          lastMessage: { ...sdkConversation({}).lastMessage, lastTime: 1 },
        }),
        'a',
        NOW,
      ),
    ]
    const sorted = rows.flatMap((row) => (row ? [row] : [])).sort(compareConversations)
    expect(sorted.map((row) => row.peerID)).toEqual(['pin', 'new', 'old'])
  })
})

test('conversation IDs round-trip', () => {
  expect(c2cConversationID('bob')).toBe('C2Cbob')
  expect(peerIDOf('C2Cbob')).toBe('bob')
  expect(peerIDOf('GROUPx')).toBe('')
})
