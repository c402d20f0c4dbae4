/**
 * Existing WeChat users keep their IM user IDs, on SQLite and on PostgreSQL: the first login after
 * the upgrade records the ID the old keyed hash gives, and from then on the store decides, so
 * rotating SESSION_SECRET changes no one's ID.
 */
import { startLocalIm, type LocalIm } from '@tim-c2c/local-im'
import { startServer, userIDFromOpenID } from '../../src'
import type { DatabaseConfig } from '../../src/config'
import { TEST_SDKAPPID, TEST_SECRET_KEY, testConfig } from '../support/config'
import { ENGINES, useEngines } from '../support/engines'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'

const OLD_SECRET = 'the-session-secret-before-rotation-0123456789'
const NEW_SECRET = 'the-session-secret-after-rotation-9876543210'
const WX_APPID = 'wx00000000000000cc'
const WX_SECRET = 'wechat-secret-for-user-ids'

const engines = useEngines()
let im: LocalIm
let wechat: WechatStandIn

beforeAll(async () => {
  im = await startLocalIm({
    port: 0,
    sdkAppID: TEST_SDKAPPID,
    secretKey: TEST_SECRET_KEY,
    logLevel: 'error',
  })
  wechat = await startWechatStandIn(WX_APPID, WX_SECRET)
})
afterAll(async () => {
  await wechat.close()
  await im.close()
})

/** Runs one server on `database` with `env`, logs `openid` in through WeChat, returns its user ID. */
async function wechatLogin(database: DatabaseConfig, env: Record<string, string>, openid: string) {
  const config = testConfig({
    TIM_API_BASE: im.httpUrl,
    WX_APPID,
    WX_SECRET,
    WX_API_BASE: wechat.baseUrl,
    ...env,
  })
  const server = await startServer({ ...config, database }, 0)
  try {
    const response = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: wechat.issueCode(openid) }),
    })
    expect(response.status).toBe(200)
    return ((await response.json()) as { userID: string }).userID
  } finally {
    await server.close()
  }
}

describe.each(ENGINES)('on %s', (engine) => {
  it('keeps the ID a user had before the store, through a SESSION_SECRET rotation', async () => {
    const database = await engines.fresh(engine)
    const openid = `o-existing-${engine}`
    const before = await wechatLogin(database, { SESSION_SECRET: OLD_SECRET }, openid)
    expect(before).toBe(userIDFromOpenID(openid, OLD_SECRET))

    const after = await wechatLogin(database, { SESSION_SECRET: NEW_SECRET }, openid)
    expect(after).toBe(before)
    expect(after).not.toBe(userIDFromOpenID(openid, NEW_SECRET))
  })

  it('gives a user first seen after the rotation the ID LEGACY_USER_ID_SECRET gives', async () => {
    const database = await engines.fresh(engine)
    const openid = `o-late-${engine}`
    const userID = await wechatLogin(
      database,
      { SESSION_SECRET: NEW_SECRET, LEGACY_USER_ID_SECRET: OLD_SECRET },
      openid,
    )
    expect(userID).toBe(userIDFromOpenID(openid, OLD_SECRET))
  })
})
