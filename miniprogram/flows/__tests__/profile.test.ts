/**
 * My avatar and nickname on the production path, against the real app server over HTTP and the real local IM:
 * chooseAvatar's temp file is uploaded with wx.uploadFile before anything reaches the IM profile, and a bad file
 * or a refused nickname changes nothing. bob is a second real SDK user who reads the IM profiles. Each spec
 * logs in as its own user: the server allows 10 profile changes a minute per user.
 */
import { pngImage, startWechatStandIn, type WechatStandIn } from '@tim-c2c/server/testing'
import { resetPhone } from '../../__tests__/support/app'
import { startStack, wxShim, type SdkUser, type Stack } from '../../__tests__/support/stack'
import { im } from '../../im/index'
import { loadCredentials } from '../../services/credentials'
import { profileStore, sessionStore } from '../../stores/index'
import { auth } from '../auth'
import { profileFlow } from '../profile'

let stack: Stack
let bob: SdkUser

beforeAll(async () => {
  stack = await startStack()
})

beforeEach(async () => {
  bob = await stack.peer('bob')
})

afterEach(async () => {
  await bob.destroy()
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

/** What a phone's chooseAvatar hands over: a `wxfile://tmp_…` file only this phone can read. */
function chosenAvatar(bytes: Buffer = pngImage(64, 64), extension = 'png'): string {
  return wxShim().createTempFile(bytes, extension, 'device')
}

/** What bob's SDK reads of a user's IM profile. */
async function bobSees(userID: string): Promise<{ nick: string; avatar: string }> {
  const { data } = await bob.tim.getUserProfile({ userIDList: [userID] })
  return { nick: data[0]?.nick ?? '', avatar: data[0]?.avatar ?? '' }
}

async function serverProfile(token: string): Promise<{ nick: string; avatarUrl: string | null }> {
  const response = await fetch(`${stack.server.url}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return (await response.json()) as { nick: string; avatarUrl: string | null }
}

test('login with a chooseAvatar temp file uploads it first; bob sees the URL the server serves', async () => {
  const path = chosenAvatar()
  expect(path).toMatch(/^wxfile:\/\/tmp_/)
  await auth.loginAsDevUser('alice', { nick: '爱丽丝', avatarPath: path })

  const seen = await bobSees('alice')
  expect(seen.nick).toBe('爱丽丝')
  expect(seen.avatar.startsWith(`${stack.server.url}/avatars/`)).toBe(true)
  const served = await fetch(seen.avatar)
  expect(served.status).toBe(200)
  expect(Buffer.from(await served.arrayBuffer()).equals(wxShim().readFile(path))).toBe(true)
  expect(sessionStore.status).toBe('ready')
  expect(profileStore.me?.avatar).toBe(seen.avatar)
})

test('a file that is not an image: a clear message, no session, and the profile as it was', async () => {
  await auth.loginAsDevUser('dora', { nick: '原来的名字' })
  const before = await bobSees('dora')
  const token = loadCredentials()!.token
  await resetPhone()

  const notAnImage = chosenAvatar(Buffer.from('%PDF-1.7 not a picture'), 'png')
  await expect(
    auth.loginAsDevUser('dora', { nick: '新名字', avatarPath: notAnImage }),
  ).rejects.toThrow('头像只能是 JPG 或 PNG 图片')
  expect(loadCredentials()).toBeNull()
  expect(im.isReady).toBe(false)
  expect(await bobSees('dora')).toEqual(before)
  expect((await serverProfile(token)).nick).toBe('原来的名字')
})

test('a refused nickname at login: the server’s reason, the profile as it was, no session', async () => {
  await auth.loginAsDevUser('erin', { nick: '原来的名字' })
  const before = await bobSees('erin')
  await resetPhone()
  await expect(
    auth.loginAsDevUser('erin', { nick: '刷单返利', avatarPath: chosenAvatar() }),
  ).rejects.toThrow('昵称包含不允许使用的内容，请换一个')
  expect(loadCredentials()).toBeNull()
  expect(im.isReady).toBe(false)
  expect(await bobSees('erin')).toEqual(before)
})

test('the Me page’s changes: a new avatar and a new nickname reach the stores and bob; a refused one changes nothing', async () => {
  await auth.loginAsDevUser('fay')
  await profileFlow.changeAvatar(chosenAvatar(pngImage(32, 48)))
  const afterAvatar = await bobSees('fay')
  expect(afterAvatar.avatar.startsWith(`${stack.server.url}/avatars/`)).toBe(true)
  expect(profileStore.me?.avatar).toBe(afterAvatar.avatar)
  expect(sessionStore.user?.avatar).toBe(afterAvatar.avatar)

  await profileFlow.changeNick('  小爱 ')
  expect((await bobSees('fay')).nick).toBe('小爱')
  expect(profileStore.me?.nick).toBe('小爱')

  await expect(profileFlow.changeNick('加微信领红包')).rejects.toThrow('昵称包含不允许使用的内容')
  await expect(profileFlow.changeNick('   ')).rejects.toThrow('昵称不能为空')
  expect(await bobSees('fay')).toEqual({ nick: '小爱', avatar: afterAvatar.avatar })
  expect(profileStore.me?.nick).toBe('小爱')
})

describe('WeChat login (wx.login code → the app server → WeChat’s code2Session)', () => {
  let wechat: WechatStandIn
  const realLogin = (wxShim().wx as Record<string, unknown>).login

  beforeAll(async () => {
    wechat = await startWechatStandIn('wx1234567890abcdef', 'wechat-app-secret')
    const server = await stack.startServer({
      WX_APPID: 'wx1234567890abcdef',
      WX_SECRET: 'wechat-app-secret',
      WX_API_BASE: wechat.baseUrl,
    })
    stack.configure({ appServerBaseUrl: server.url })
    // wx.login on a phone signed in to WeChat as this openid: a fresh single-use code each call.
    Object.assign(wxShim().wx, {
      login: (options: { success?: (result: { code: string }) => void }) =>
        setImmediate(() => options.success?.({ code: wechat.issueCode('openid-of-alice') })),
    })
  })

  afterAll(async () => {
    Object.assign(wxShim().wx, { login: realLogin })
    stack.configure({ appServerBaseUrl: stack.server.url })
    await wechat.close()
  })

  test('the temp avatar is uploaded with the new session, then the IM login; peers see the served URL', async () => {
    const path = chosenAvatar(pngImage(100, 100), 'png')
    await auth.loginWithWeChat({ nick: '微信用户甲', avatarPath: path })
    const userID = loadCredentials()!.userID
    expect(userID).toMatch(/^wx_/)
    const { data } = await bob.tim.getUserProfile({ userIDList: [userID] })
    expect(data[0]?.nick).toBe('微信用户甲')
    expect(data[0]?.avatar).toMatch(/\/avatars\/[^/]+\.png$/)
    expect(sessionStore.status).toBe('ready')
  })
})
