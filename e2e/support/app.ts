/**
 * The product's screens as a person uses them (ids and data from miniprogram/pages), on top of Phone.
 * Reads go through the page data the WXML renders (`items`, `conversations`, `friends`), so the checks see
 * exactly what is on screen.
 */
import type Element from 'miniprogram-automator/out/Element'
import { ROUTES, type Phone } from './phone'
import { waitUntil } from './wait'

/** A row of the chat page (package-chat/pages/chat/rows.ts). */
export interface ChatRow {
  id: string
  anchor: string
  flow: 'in' | 'out'
  type: string
  text: string
  imageUrl: string
  status: 'sending' | 'sent' | 'failed'
  statusText: string
  isRevoked: boolean
}

/** A conversation of the conversation tab (models/types.ts ConversationView). */
export interface ConversationRow {
  conversationID: string
  peerID: string
  preview: string
  unread: number
  unreadText: string
}

interface Friend {
  userID: string
}

export async function addFriend(phone: Phone, userID: string): Promise<void> {
  await phone.openTab('contacts')
  await phone.type('#add-friend-input', userID)
  await phone.tap('#add-friend-button')
  await waitForFriend(phone, userID)
}

export async function waitForFriend(phone: Phone, userID: string): Promise<void> {
  await waitUntil(
    `${phone.name} to list ${userID} as a friend`,
    async () => (await phone.data<Friend[]>('friends')).some((f) => f.userID === userID),
    undefined,
    () => phone.data('friends'),
  )
}

/** Contacts tab → tap the friend → chat page. */
export async function openChatFromContacts(phone: Phone, peerID: string): Promise<void> {
  await phone.openTab('contacts')
  await waitForFriend(phone, peerID)
  const friends = await phone.data<Friend[]>('friends')
  const items = await phone.elements('.friend-item')
  const item = items[friends.findIndex((friend) => friend.userID === peerID)]
  if (!item) throw new Error(`${phone.name}: no rendered friend item for ${peerID}`)
  await item.tap()
  await waitForChatWith(phone, peerID)
}

async function waitForChatWith(phone: Phone, peerID: string): Promise<void> {
  await waitUntil(`${phone.name} to open the chat with ${peerID}`, async () => {
    const page = await phone.page()
    return page.path === ROUTES.chat && page.query?.peerID === peerID
  })
}

/** Conversations tab → tap the conversation → chat page. */
export async function openConversation(phone: Phone, peerID: string): Promise<void> {
  if ((await phone.route()) !== ROUTES.conversations) await phone.openTab('conversations')
  await waitForConversation(phone, peerID, () => true)
  const list = await conversations(phone)
  const items = await phone.elements('.conversation-item')
  const item = items[list.findIndex((conversation) => conversation.peerID === peerID)]
  if (!item) throw new Error(`${phone.name}: no rendered conversation item for ${peerID}`)
  await item.tap()
  await waitForChatWith(phone, peerID)
}

/** The navigation bar's back arrow (navigateBack where the host's controls are not there). */
async function pressBack(phone: Phone): Promise<void> {
  if (phone.hasHostControls) await phone.control('navigateLeft')
  else await phone.miniProgram.callWxMethod('navigateBack', { delta: 1 })
}

/** Back one page: the page below is on screen once this resolves. */
export async function goBack(phone: Phone): Promise<void> {
  const from = await phone.route()
  await pressBack(phone)
  await waitUntil(`${phone.name} to leave ${from}`, async () => (await phone.route()) !== from)
}

/** Back from the chat. */
export async function leaveChat(phone: Phone): Promise<void> {
  await pressBack(phone)
  await waitUntil(
    `${phone.name} to leave the chat`,
    async () => (await phone.route()) !== ROUTES.chat,
  )
}

export async function conversations(phone: Phone): Promise<ConversationRow[]> {
  return (await phone.data<ConversationRow[] | undefined>('conversations')) ?? []
}

export async function waitForConversation(
  phone: Phone,
  peerID: string,
  accept: (conversation: ConversationRow) => boolean,
  what = 'the conversation',
): Promise<ConversationRow> {
  return waitUntil(
    `${phone.name}: ${what} with ${peerID}`,
    async () => {
      const found = (await conversations(phone)).find((item) => item.peerID === peerID)
      return found && accept(found) ? found : undefined
    },
    undefined,
    () => conversations(phone),
  )
}

export async function chatRows(phone: Phone): Promise<ChatRow[]> {
  return (await phone.data<ChatRow[] | undefined>('items')) ?? []
}

export async function waitForRows(
  phone: Phone,
  what: string,
  accept: (rows: ChatRow[]) => boolean,
  timeoutMs?: number,
): Promise<ChatRow[]> {
  return waitUntil(
    `${phone.name}: ${what}`,
    async () => {
      const rows = await chatRows(phone)
      return accept(rows) ? rows : undefined
    },
    timeoutMs,
    async () => (await chatRows(phone)).map((row) => `${row.flow}:${row.text}:${row.status}`),
  )
}

/** Types each text into the chat input and taps 发送 (elements looked up once for long runs). */
export async function sendTexts(phone: Phone, texts: readonly string[]): Promise<void> {
  const input = (await phone.element('#message-input')) as Element & {
    input(value: string): Promise<void>
  }
  const send = await phone.element('#send-button')
  for (const text of texts) {
    await input.input(text)
    await send.tap()
  }
}

export function sendText(phone: Phone, text: string): Promise<void> {
  return sendTexts(phone, [text])
}

/** Taps an item of the chat's "+" panel (`image-button`, `video-button`, `file-button`), opening it first. */
export async function tapMorePanelItem(phone: Phone, id: string): Promise<void> {
  await phone.tap('#more-button')
  const panel = await phone.element('#more-panel')
  const item = await waitUntil(
    `${phone.name}: #${id} in the "+" panel`,
    async () => (await panel.$(`#${id}`)) ?? undefined,
  )
  await item.tap()
}

/** "+" → 图片 → the photo picker answers with `file` (the host's chooseMedia control; DevTools: the picker's result). */
export async function sendImage(phone: Phone, file: string, size: number): Promise<void> {
  if (phone.hasHostControls) await phone.control('setChooseMediaFiles', { files: [file] })
  else
    await phone.miniProgram.mockWxMethod('chooseMedia', {
      type: 'image',
      tempFiles: [{ tempFilePath: file, size, fileType: 'image' }],
    })
  await tapMorePanelItem(phone, 'image-button')
}

/** The number on the 消息 tab (undefined when there is none). */
export async function messagesTabBadge(phone: Phone): Promise<string | undefined> {
  return (await phone.ui()).tabBar.badges['0']
}

/** What the connection banner says ('' while IM is connected). */
export async function connectionState(phone: Phone): Promise<string> {
  const banner = (await phone.element('connection-banner')) as Element & {
    data(path?: string): Promise<unknown>
  }
  return String(await banner.data('connection'))
}

export async function waitForConnection(phone: Phone, state: string): Promise<void> {
  await waitUntil(
    `${phone.name}: IM connection ${state}`,
    async () => (await connectionState(phone)) === state,
    // tim-wx-sdk backs off between reconnect attempts: about 45 s after the local IM restarts here.
    120_000,
    () => connectionState(phone),
  )
}

/** Both log in with the dev login and alice adds bob (the server makes the friendship mutual). */
export async function loginAsFriends(alice: Phone, bob: Phone): Promise<void> {
  await Promise.all([alice.loginAs('alice'), bob.loginAs('bob')])
  await addFriend(alice, 'bob')
  await bob.openTab('contacts')
  await waitForFriend(bob, 'alice')
}

export function countText(rows: ChatRow[], text: string): number {
  return rows.filter((row) => row.text === text).length
}

/** What the connection banner says ('' while connected). */
export async function bannerText(phone: Phone): Promise<string> {
  const banner = (await phone.element('connection-banner')) as Element & {
    data(path?: string): Promise<unknown>
  }
  return String(await banner.data('bannerText'))
}

/** The banner's 重试, shown in the final 连接已断开 state (inside the connection-banner component). */
export async function tapRetry(phone: Phone): Promise<void> {
  const banner = await phone.element('connection-banner')
  const retry = await waitUntil(
    `${phone.name}: 重试 in the connection banner`,
    async () => (await banner.$('#connection-retry')) ?? undefined,
  )
  await retry.tap()
}
