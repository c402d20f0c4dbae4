/** Every bad message body is refused with Tencent's code and stored nowhere; good ones pass. */
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall } from '../testing'
import { startTestIm } from './helpers'
import { RawClient } from './raw-client'

let im: LocalIm
let alice: RawClient

beforeAll(async () => {
  im = await startTestIm({ restRateLimitPerSecond: 100000 })
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  alice = await RawClient.open(im.wsUrl, im.sdkAppID)
  await alice.login({ userID: 'alice', userSig: im.genUserSig('alice') })
})

afterAll(async () => {
  alice.close()
  await destroyAllSdkUsers()
  await im.close()
})

const el = (MsgType: string, MsgContent: unknown) => ({ MsgType, MsgContent })
const image = (info: Record<string, unknown> = {}, content: Record<string, unknown> = {}) =>
  el('TIMImageElem', {
    UUID: 'u',
    ImageFormat: 3,
    ImageInfoArray: [{ Type: 1, Size: 10, Width: 4, Height: 3, URL: 'http://x/a.png', ...info }],
    ...content,
  })
const sound = (content: Record<string, unknown>) =>
  el('TIMSoundElem', { Url: 'http://x/a.mp3', UUID: 'u', Size: 10, Second: 3, ...content })
const video = (content: Record<string, unknown>) =>
  el('TIMVideoFileElem', {
    VideoUrl: 'http://x/v.mp4',
    VideoUUID: 'v',
    VideoSize: 10,
    VideoSecond: 4,
    VideoFormat: 'mp4',
    ...content,
  })
const file = (content: Record<string, unknown>) =>
  el('TIMFileElem', {
    Url: 'http://x/f.pdf',
    UUID: 'f',
    FileSize: 10,
    FileName: 'f.pdf',
    ...content,
  })
const relay = (content: Record<string, unknown>) =>
  el('TIMRelayElem', {
    Title: 'chat',
    AbstractList: ['a: hi'],
    CompatibleText: 'upgrade',
    MsgList: [{ From_Account: 'alice', MsgBody: [el('TIMTextElem', { Text: 'hi' })] }],
    ...content,
  })

/** [what is wrong, MsgBody, CloudCustomData?, Tencent's REST code] */
const bad: [string, unknown, unknown, number][] = [
  ['MsgBody missing', undefined, undefined, 90002],
  ['MsgBody null', null, undefined, 90007],
  ['MsgBody an object', { MsgType: 'TIMTextElem' }, undefined, 90007],
  ['MsgBody empty', [], undefined, 90002],
  ['element null', [null], undefined, 90002],
  ['no MsgType', [{ MsgContent: { Text: 'x' } }], undefined, 90002],
  ['unknown MsgType', [el('TIMFooElem', { Text: 'x' })], undefined, 90002],
  ['group tip in C2C', [el('TIMGroupTipElem', { OpType: 1 })], undefined, 90002],
  ['MsgContent null', [el('TIMTextElem', null)], undefined, 90002],
  ['MsgContent missing', [{ MsgType: 'TIMTextElem' }], undefined, 90002],
  ['MsgContent a string', [el('TIMTextElem', 'hi')], undefined, 90002],
  ['Text missing', [el('TIMTextElem', {})], undefined, 90002],
  ['Text a number', [el('TIMTextElem', { Text: 5 })], undefined, 90002],
  ['face Index a string', [el('TIMFaceElem', { Index: '1', Data: 'x' })], undefined, 90002],
  ['face Index missing', [el('TIMFaceElem', { Data: 'x' })], undefined, 90002],
  ['custom Data a number', [el('TIMCustomElem', { Data: 1 })], undefined, 90002],
  ['two custom elements', [el('TIMCustomElem', {}), el('TIMCustomElem', {})], undefined, 90002],
  ['latitude a string', [el('TIMLocationElem', { Latitude: '1', Longitude: 2 })], undefined, 90002],
  [
    'latitude out of range',
    [el('TIMLocationElem', { Latitude: 200, Longitude: 2 })],
    undefined,
    90002,
  ],
  ['longitude missing', [el('TIMLocationElem', { Latitude: 1 })], undefined, 90002],
  ['sound Url missing', [sound({ Url: undefined })], undefined, 90002],
  ['sound Size a string', [sound({ Size: '10' })], undefined, 90002],
  ['sound Second negative', [sound({ Second: -1 })], undefined, 90002],
  ['image without sizes', [image({}, { ImageInfoArray: [] })], undefined, 90002],
  ['image Type 7', [image({ Type: 7 })], undefined, 90002],
  ['image URL a number', [image({ URL: 1 })], undefined, 90002],
  ['image format a string', [image({}, { ImageFormat: 'png' })], undefined, 90002],
  ['file name a number', [file({ FileName: 1 })], undefined, 90002],
  ['file size missing', [file({ FileSize: undefined })], undefined, 90002],
  ['video url missing', [video({ VideoUrl: undefined })], undefined, 90002],
  ['video seconds a string', [video({ VideoSecond: '4' })], undefined, 90002],
  ['video thumb width a string', [video({ ThumbWidth: '9' })], undefined, 90002],
  ['relay title missing', [relay({ Title: undefined })], undefined, 90002],
  ['relay abstracts numbers', [relay({ AbstractList: [1] })], undefined, 90002],
  ['relay without messages', [relay({ MsgList: undefined })], undefined, 90002],
  [
    'relay with a bad inner body',
    [relay({ MsgList: [{ MsgBody: [el('TIMTextElem', {})] }] })],
    undefined,
    90002,
  ],
  ['CloudCustomData a number', [el('TIMTextElem', { Text: 'x' })], 7, 90010],
  ['CloudCustomData an object', [el('TIMTextElem', { Text: 'x' })], { a: 1 }, 90010],
]

test.each(bad)('%s: refused with 20001 over the SDK protocol', async (_what, body, ccd) => {
  const reply = await alice.request('openim.sendmsg', {
    To_Account: 'bob',
    MsgSeq: 1,
    MsgRandom: Math.floor(Math.random() * 2 ** 31),
    MsgBody: body,
    CloudCustomData: ccd,
  })
  expect(reply).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 20001 })
  expect(String(reply.ErrorInfo)).not.toBe('')
})

test.each(bad)('%s: refused over REST with the documented code', async (_what, body, ccd, code) => {
  const reply = await restCall(im, 'openim/sendmsg', {
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: Math.floor(Math.random() * 2 ** 31),
    MsgBody: body,
    CloudCustomData: ccd,
  })
  expect(reply).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code })
})

test('a non-integer MsgRandom over REST is refused with 90005', async () => {
  const reply = await restCall(im, 'openim/sendmsg', {
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: 'abc',
    MsgBody: [el('TIMTextElem', { Text: 'x' })],
  })
  expect(reply).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 90005 })
})

test('after every refusal nothing was stored and the recipient SDK loads its chats cleanly', async () => {
  const history = await restCall(im, 'openim/admin_getroammsg', {
    Operator_Account: 'bob',
    Peer_Account: 'alice',
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 60,
  })
  expect(history).toMatchObject({ ErrorCode: 0, MsgCnt: 0 })
  const bob = await createSdkUser({ localIm: im, userID: 'bob', importAccount: false })
  const conversations = await bob.tim.getConversationList()
  expect(conversations.data.conversationList).toHaveLength(0)
})

test('every documented element type is accepted over REST and reaches the recipient SDK', async () => {
  await restCall(im, 'im_open_login_svc/account_import', { UserID: 'carol' })
  const carol = await createSdkUser({ localIm: im, userID: 'carol', importAccount: false })
  const bodies = [
    [el('TIMTextElem', { Text: 'hi' }), el('TIMFaceElem', { Index: 1, Data: 'tt01' })],
    [el('TIMCustomElem', { Data: 'd', Desc: 'desc', Ext: 'ext', Sound: 'ding.aiff' })],
    [el('TIMLocationElem', { Desc: 'here', Latitude: 29.34, Longitude: 116.77 })],
    [sound({ Download_Flag: 2 })],
    [image({}, {})],
    [file({ Download_Flag: 2 })],
    [
      video({
        ThumbUrl: 'http://x/t.jpg',
        ThumbUUID: 't',
        ThumbSize: 1,
        ThumbWidth: 2,
        ThumbHeight: 3,
        ThumbFormat: 'jpg',
        VideoDownloadFlag: 2,
        ThumbDownloadFlag: 2,
      }),
    ],
    [relay({})],
  ]
  for (const [index, body] of bodies.entries()) {
    const reply = await restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'carol',
      MsgRandom: 700 + index,
      MsgBody: body,
      CloudCustomData: '{"n":1}',
    })
    expect(reply).toMatchObject({ ErrorCode: 0 })
  }
  await carol.waitFor(() => {
    const got = carol.events.filter((e) => e.name === carol.TIM.EVENT.MESSAGE_RECEIVED)
    return got.flatMap((e) => e.data as unknown[]).length === bodies.length
  })
  const list = await carol.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(list.code).toBe(0)
})
