/** SIGKILL right at an acknowledgement (SDK and REST) loses nothing acknowledged. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createSdkUser,
  destroyAllSdkUsers,
  killAllImProcesses,
  restCall,
  startImProcess,
  type ImProcess,
} from '../testing'

afterEach(async () => {
  await destroyAllSdkUsers()
  await killAllImProcesses()
})

const freshData = () => mkdtempSync(join(tmpdir(), 'local-im-durable-'))

type Roam = { MsgList: { MsgKey: string; MsgBody: { MsgContent: { Text: string } }[] }[] }

async function history(im: ImProcess, owner: string, peer: string) {
  const reply = (await restCall(im, 'openim/admin_getroammsg', {
    Operator_Account: owner,
    Peer_Account: peer,
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 60,
  })) as unknown as Roam
  return reply.MsgList.map((m) => ({ key: m.MsgKey, text: m.MsgBody[0]?.MsgContent.Text }))
}

test('an SDK send acknowledged just before a SIGKILL is still there after the restart', async () => {
  const dataDir = freshData()
  const first = await startImProcess({ dataDir })
  const alice = await createSdkUser({ localIm: first, userID: 'alice' })
  await restCall(first, 'im_open_login_svc/account_import', { UserID: 'bob' })
  const texts = ['kept 1', 'kept 2']
  let acks = 0
  // SIGKILL the moment the second acknowledgement reaches the phone, before the SDK reads it.
  alice.wx.onIncomingFrame((text) => {
    const frame = JSON.parse(text) as { head: { servcmd: string }; body: { ErrorCode?: number } }
    if (frame.head.servcmd !== 'openim.sendmsg' || frame.body.ErrorCode !== 0) return
    if (++acks === texts.length) first.child.kill('SIGKILL')
  })
  for (const text of texts) {
    const message = alice.tim.createTextMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { text },
    })
    await alice.tim.sendMessage(message)
  }
  await first.kill()
  await alice.destroy()
  const second = await startImProcess({ dataDir })
  expect((await history(second, 'bob', 'alice')).map((m) => m.text)).toEqual(texts)
})

test('every REST send answered OK before a SIGKILL is still there after the restart', async () => {
  const dataDir = freshData()
  const first = await startImProcess({ dataDir })
  await restCall(first, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  const acknowledged: string[] = []
  let killed: Promise<void> | undefined
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const reply = await restCall(first, 'openim/sendmsg', {
        From_Account: 'alice',
        To_Account: 'bob',
        MsgRandom: 5000 + i,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `rest ${i}` } }],
      }).catch((_killedMidRequest: unknown) => undefined)
      if (reply?.ErrorCode !== 0) return
      acknowledged.push(String(reply.MsgKey))
      // Kill right at the tenth acknowledgement; later sends may or may not be answered.
      if (acknowledged.length === 10) killed = first.kill()
    }),
  )
  await killed
  expect(acknowledged.length).toBeGreaterThanOrEqual(10)
  const second = await startImProcess({ dataDir })
  const stored = new Set((await history(second, 'alice', 'bob')).map((m) => m.key))
  expect(acknowledged.filter((key) => !stored.has(key))).toEqual([])
})
