/**
 * What a person does to one message and with the sheets it opens: a long press on a chat row, a choice in
 * WeChat's action sheet, a friend picked on the friend picker (package-chat/pages/pick-friend).
 */
import type Element from 'miniprogram-automator/out/Element'
import { chatRows } from './app'
import { ROUTES, type Phone, type UiState } from './phone'
import { waitUntil } from './wait'

export const PICK_FRIEND_ROUTE = 'package-chat/pages/pick-friend/index'

/** The rendered `.message` of the row whose message ID is `id` (rows and elements come in the same order). */
export async function rowElement(phone: Phone, id: string): Promise<Element> {
  const index = (await chatRows(phone)).findIndex((row) => row.id === id)
  const element = (await phone.elements('.message'))[index]
  if (index < 0 || !element) throw new Error(`${phone.name}: no rendered row for ${id}`)
  return element
}

/** The items of the action sheet open on the phone, once there is one. */
export async function waitForSheet(phone: Phone): Promise<string[]> {
  return waitUntil(`${phone.name}: an action sheet`, async () => {
    const ui = (await phone.ui()) as UiState & { actionSheet?: { itemList: string[] } | null }
    return ui.actionSheet?.itemList
  })
}

/** Answers the open action sheet with the item labelled `label`. */
export async function chooseFromSheet(phone: Phone, label: string): Promise<void> {
  const items = await waitForSheet(phone)
  const index = items.indexOf(label)
  if (index < 0) throw new Error(`${phone.name}: ${label} is not in ${items.join(' / ')}`)
  await phone.control('tapActionSheet', { index })
}

/** A finger held on the message until the sheet opens (the host fires longpress after 350 ms), then 引用/转发…. */
export async function longPressAndChoose(phone: Phone, id: string, label: string): Promise<void> {
  const element = await rowElement(phone, id)
  const { left, top } = (await element.offset()) as { left: number; top: number }
  const finger = [{ identifier: 0, clientX: left + 100, clientY: top + 20 }]
  await element.touchstart({ touches: finger, changeTouches: finger })
  await waitForSheet(phone)
  await element.touchend({ touches: [], changeTouches: finger })
  await chooseFromSheet(phone, label)
}

export async function waitForToast(phone: Phone, title: string): Promise<void> {
  await waitUntil(`${phone.name}: the toast ${title}`, async () =>
    (await phone.ui()).toasts.some((toast) => toast.title === title),
  )
}

/**
 * On the friend picker: the friends it offers, then (after typing `search`, when given) a tap on `userID`,
 * which leads back to the chat. `beforeTap` runs on the picker once the choice is on screen.
 */
export async function pickFriend(
  phone: Phone,
  userID: string,
  options: { search?: string; beforeTap?: () => Promise<void> } = {},
): Promise<string[]> {
  await phone.waitForRoute(PICK_FRIEND_ROUTE)
  type Shown = { userID: string }[]
  const offered = await waitUntil(`${phone.name}: friends on the picker`, async () => {
    const shown = await phone.data<Shown>('shown')
    return shown.some((friend) => friend.userID === userID) ? shown : undefined
  })
  const { search, beforeTap } = options
  if (search) {
    await phone.type('#pick-friend-search', search)
    await waitUntil(`${phone.name}: the search for ${search}`, async () => {
      const shown = await phone.data<Shown>('shown')
      return shown.length === 1 && shown[0]?.userID === userID
    })
  }
  await beforeTap?.()
  const shown = await phone.data<Shown>('shown')
  const items = await phone.elements('.pick-friend-item')
  await items[shown.findIndex((friend) => friend.userID === userID)]!.tap()
  await phone.waitForRoute(ROUTES.chat)
  return offered.map((friend) => friend.userID)
}
