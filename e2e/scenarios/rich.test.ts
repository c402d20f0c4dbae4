/**
 * Rich one-to-one messages on two phones: typing shown in the peer's title and cleared by the message, an emoji
 * picked from the panel arriving as a big emoji.
 */
import type Element from 'miniprogram-automator/out/Element'
import { loginAsFriends, openChatFromContacts, waitForRows } from '../support/app'
import type { Phone, UiState } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('rich')
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
  await loginAsFriends(alice, bob)
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

async function title(phone: Phone): Promise<string> {
  const state = (await phone.ui()) as UiState & { navigationBarTitle?: string }
  return state.navigationBarTitle ?? ''
}

/** Waits for the phone's navigation bar title to be `expected`. */
function waitForTitle(phone: Phone, expected: string): Promise<string> {
  return waitUntil(
    `${phone.name}'s title to be ${expected}`,
    async () => ((await title(phone)) === expected ? expected : undefined),
    undefined,
    () => title(phone),
  )
}

test('alice types: bob’s title says 对方正在输入…; her emoji from the panel arrives large and clears it', async () => {
  // Both have the chat open (the typing signal is online only; the chat's title shows it).
  await openChatFromContacts(alice, 'bob')
  await bob.openTab('contacts')
  await openChatFromContacts(bob, 'alice')
  await alice.type('#message-input', '你好呀')
  await waitForTitle(bob, '对方正在输入…')
  await bob.shot('peer-typing')

  await alice.type('#message-input', '')
  await alice.tap('#emoji-button')
  const panel = await alice.element('#emoji-panel')
  const emoji = (await panel.$$('.emoji')) as Element[]
  const laughing = await (async () => {
    for (const node of emoji) if ((await node.text()) === '😂') return node
    throw new Error('😂 is not in the panel')
  })()
  await laughing.tap()
  await alice.shot('emoji-panel')
  await alice.tap('#send-button')

  const rows = await waitForRows(bob, 'the emoji', (r) => r.some((row) => row.text === '😂'))
  expect(rows.find((row) => row.text === '😂')).toMatchObject({ bigEmoji: true, flow: 'in' })
  await waitForTitle(bob, 'alice')
  await bob.shot('big-emoji')
})
