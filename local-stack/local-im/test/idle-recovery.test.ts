/** An idle real phone comes back after the IM is SIGKILLed and restarted on the same data. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createSdkUser,
  destroyAllSdkUsers,
  killAllImProcesses,
  restCall,
  startImProcess,
} from '../testing'

afterEach(async () => {
  await destroyAllSdkUsers()
  await killAllImProcesses()
})

type Msg = { payload: { text?: string } }

// An idle SDK retries only when it next sends something; its wshello keep-alive comes every
// HelloInterval seconds (told at login), so a short interval keeps this test short.
test('an idle phone comes back after the IM is SIGKILLed and restarted, and gets what was sent since', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-idle-'))
  const args = ['--hello-interval', '2']
  const first = await startImProcess({ dataDir, args })
  await restCall(first, 'im_open_login_svc/account_import', { UserID: 'alice' })
  const bob = await createSdkUser({ localIm: first, userID: 'bob' })
  await bob.waitForIdle()
  await first.kill()
  await bob.waitFor(
    () => bob.events.some((e) => e.name === bob.TIM.EVENT.NET_STATE_CHANGE),
    10000,
    'the phone noticing the IM is gone',
  )
  const second = await startImProcess({ dataDir, args, port: first.port })
  const reply = await restCall(second, 'openim/sendmsg', {
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: 42,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'while you were idle' } }],
  })
  expect(reply.ErrorCode).toBe(0)
  const received = () =>
    bob.events
      .filter((e) => e.name === bob.TIM.EVENT.MESSAGE_RECEIVED)
      .flatMap((e) => e.data as Msg[])
      .map((m) => m.payload.text)
  await bob.waitFor(() => received().includes('while you were idle'), 30000, 'the message')
  expect(received()).toEqual(['while you were idle'])
  // It came back on its stored A2Key: no new login, no kick.
  expect(bob.events.some((e) => e.name === bob.TIM.EVENT.KICKED_OUT)).toBe(false)
  expect(bob.events.filter((e) => e.name === bob.TIM.EVENT.SDK_READY)).toHaveLength(1)
})
