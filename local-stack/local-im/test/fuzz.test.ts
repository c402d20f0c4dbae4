import fc from 'fast-check'
import WebSocket from 'ws'
import type { LocalIm } from '../src/index'
import { restCall } from '../testing'
import { SDK_APP_ID, startTestIm } from './helpers'

let im: LocalIm

beforeAll(async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
})

afterAll(async () => {
  await im?.close()
})

/** Bodies that look like Tencent's: known field names with values of any JSON type. */
const fieldNames = [
  'UserID',
  'Accounts',
  'AccountList',
  'CheckItem',
  'DeleteItem',
  'To_Account',
  'From_Account',
  'ProfileItem',
  'TagList',
  'AddFriendItem',
  'UpdateItem',
  'AddType',
  'ForceAddFlags',
  'DeleteType',
  'MsgBody',
  'MsgRandom',
  'MsgSeq',
  'SyncOtherMachine',
  'MsgKey',
  'Peer_Account',
  'MaxCnt',
  'LastMsgTime',
  'MsgInfo',
  'C2CMsgReaded',
  'C2CMsgInfo',
  'ContactItem',
  'UserItem',
  'Cookie',
  'MsgKeyList',
  'GetDirection',
  'SessionData',
  'Operator_Account',
  'MinTime',
  'MaxTime',
  'LastMsgKey',
  'Type',
  'CheckType',
  'StartIndex',
  'MaxLimited',
  'LastSequence',
  'ForbidCallbackControl',
  'OnlineOnlyFlag',
  'file_type',
  'file_name',
]
const body = fc.dictionary(fc.constantFrom(...fieldNames), fc.jsonValue({ maxDepth: 3 }), {
  maxKeys: 6,
})

test('every REST API answers any JSON body with a Tencent reply', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...im.restCommands), body, async (api, payload) => {
      const reply = await restCall(im, api, payload)
      expect(['OK', 'FAIL']).toContain(reply.ActionStatus)
      expect(typeof reply.ErrorCode).toBe('number')
      // 70500 is the local IM's "internal error": bad input must be rejected, not crash a handler.
      expect(reply.ErrorCode).not.toBe(70500)
    }),
    { numRuns: 300 },
  )
  expect((await restCall(im, 'im_open_login_svc/account_check', { CheckItem: [] })).ErrorCode).toBe(
    0,
  )
})

test('every implemented servcmd answers any body from a logged-in client', async () => {
  const socket = new WebSocket(`${im.wsUrl}/binfo?sdkappid=${SDK_APP_ID}&instanceid=fuzz`)
  const replies = new Map<number, (reply: { body: { ActionStatus: string } }) => void>()
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as {
      head: { seq: number }
      body: { ActionStatus: string }
    }
    replies.get(frame.head.seq)?.(frame)
  })
  await new Promise((resolve) => socket.once('open', resolve))
  let seq = 1
  const request = (servcmd: string, payload: unknown, head: Record<string, unknown> = {}) => {
    const mine = seq++
    return new Promise<{ body: { ActionStatus: string } }>((resolve) => {
      replies.set(mine, resolve)
      socket.send(
        Buffer.from(
          JSON.stringify({
            head: { servcmd, seq: mine, sdkappid: SDK_APP_ID, ...head },
            body: payload,
          }),
        ),
      )
    })
  }
  await request(
    'im_open_status.wslogin',
    {},
    { identifier: 'alice', usersig: im.genUserSig('alice') },
  )
  const servcmds = im.implementedServcmds.filter(
    (servcmd) => !servcmd.startsWith('im_open_status.wslog'),
  )
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...servcmds), body, async (servcmd, payload) => {
      const reply = await request(servcmd, payload)
      expect(['OK', 'FAIL']).toContain(reply.body.ActionStatus)
      expect((reply.body as { ErrorCode?: number }).ErrorCode).not.toBe(70500)
    }),
    { numRuns: 400 },
  )
  socket.terminate()
})
