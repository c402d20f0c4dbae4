/** Roaming history pages as the real SDK sees them: isCompleted, cached messages, order. */
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall, type SdkUser } from '../testing'
import { startTestIm } from './helpers'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im.close()
})

type Page = { texts: (string | undefined)[]; completed: boolean }

async function pages(user: SdkUser, conversationID: string): Promise<Page[]> {
  const result: Page[] = []
  let next: string | undefined
  for (let page = 0; page < 20; page++) {
    const { data } = await user.tim.getMessageList({ conversationID, nextReqMessageID: next })
    const texts = (data.messageList as { payload: { text?: string } }[]).map((m) => m.payload.text)
    result.push({ texts, completed: data.isCompleted as boolean })
    if (data.isCompleted) break
    next = data.nextReqMessageID
  }
  return result
}

async function sendMany(count: number) {
  for (let i = 1; i <= count; i++) {
    const reply = await restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgRandom: i,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `m${i}` } }],
    })
    expect(reply.ErrorCode).toBe(0)
  }
}

// Roaming (getroammsg) sets Complete on the page that reaches the first message; the SDK
// reports isCompleted from it, so the last page with messages is the completed one.
test.each([15, 16, 30, 31])(
  'with %i messages, isCompleted comes with the last page that has messages',
  async (count) => {
    await sendMany(count)
    const bob = await createSdkUser({ localIm: im, userID: 'bob', importAccount: false })
    const seen = await pages(bob, 'C2Calice')
    expect(seen.at(-1)?.completed).toBe(true)
    expect(seen.every((page) => page.texts.length > 0)).toBe(true)
    expect(seen.flatMap((page) => page.texts).sort()).toEqual(
      Array.from({ length: count }, (_, i) => `m${i + 1}`).sort(),
    )
  },
)

test('a phone holding messages it got live pages back to the first one without gaps or repeats', async () => {
  const bob = await createSdkUser({ localIm: im, userID: 'bob', importAccount: false })
  await sendMany(40)
  await bob.waitFor(
    () =>
      bob.events
        .filter((e) => e.name === bob.TIM.EVENT.MESSAGE_RECEIVED)
        .flatMap((e) => e.data as unknown[]).length === 40,
  )
  const seen = await pages(bob, 'C2Calice')
  // Pages come newest first; each page is oldest first.
  const all = [...seen].reverse().flatMap((page) => page.texts)
  expect(all).toEqual(Array.from({ length: 40 }, (_, i) => `m${i + 1}`))
  expect(seen.at(-1)?.completed).toBe(true)
})
