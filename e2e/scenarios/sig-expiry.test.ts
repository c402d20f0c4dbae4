/** The app server issues UserSigs that live 10 seconds: the app renews them without bothering the user. */
import {
  countText,
  loginAsFriends,
  openChatFromContacts,
  sendText,
  waitForRows,
} from '../support/app'
import { testWithHostControls } from '../support/host-only'
import { ROUTES, type Phone } from '../support/phone'
import { waitUntil } from '../support/wait'
import { World } from '../support/world'

// The app renews a sig at 80% of its lifetime; a 10-second one means 7.5 renewals a minute, within the app
// server's limit of 10 UserSig requests per user and minute (a 5-second one would go past it).
const SIG_LIFETIME_S = 10
const CREDENTIALS_KEY = 'tim-c2c:credentials'

let world: World
let alice: Phone
let bob: Phone

beforeAll(async () => {
  world = await World.create('sig-expiry', { userSigTtl: SIG_LIFETIME_S })
  ;[alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
})

afterAll(async () => {
  await world?.close()
})

beforeEach(() => {
  world.startScenario(expect.getState().currentTestName ?? 'scenario')
})

async function storedExpiry(phone: Phone): Promise<number> {
  const raw: unknown = await phone.miniProgram.callWxMethod('getStorageSync', CREDENTIALS_KEY)
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { expireAt?: unknown }
  if (typeof parsed?.expireAt !== 'number')
    throw new Error(`no stored credentials on ${phone.name}`)
  return parsed.expireAt
}

// 'Nothing asked her to log in again' is read from the host's record of modals.
testWithHostControls(
  'a sig issued with a 10-second lifetime expires: the app refreshes it silently and keeps chatting',
  async () => {
    await loginAsFriends(alice, bob)
    await openChatFromContacts(alice, 'bob')
    await openChatFromContacts(bob, 'alice')
    await sendText(alice, '过期之前')
    await waitForRows(bob, 'the message before expiry', (rows) => countText(rows, '过期之前') === 1)

    const firstExpiry = await storedExpiry(alice)
    expect(firstExpiry - Date.now()).toBeLessThanOrEqual(SIG_LIFETIME_S * 1000)
    await waitUntil('alice’s first UserSig to expire', () => Date.now() > firstExpiry || undefined)
    await waitUntil(
      'alice’s app to store a renewed UserSig',
      async () => (await storedExpiry(alice)) > firstExpiry,
      undefined,
      () => storedExpiry(alice),
    )

    await sendText(alice, '过期之后')
    await waitForRows(bob, 'alice’s message after the renewal', (rows) =>
      rows.some((row) => row.text === '过期之后'),
    )
    await sendText(bob, '收到')
    await waitForRows(alice, 'bob’s answer', (rows) => rows.some((row) => row.text === '收到'))
    // Silently: alice never left the chat, nothing asked her to log in again.
    expect(await alice.route()).toBe(ROUTES.chat)
    expect((await alice.ui()).modals).toEqual([])
    await alice.shot('still-chatting')
  },
)
