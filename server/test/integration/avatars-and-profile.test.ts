/**
 * Avatars and the profile against the real local IM over HTTP: upload (multipart, checked by bytes),
 * serving from the local disk, login and PUT /api/me/profile carrying only URLs this server issued,
 * nickname checks, and every kind of bad upload answered 4xx with nothing stored.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { restCall } from '@tim-c2c/local-im/testing'
import { startStack, type LoginResult, type Stack } from '../support/stack'
import { GIF_IMAGE, jpegImage, multipartBody, pngImage } from '../support/images'

let stack: Stack

beforeAll(async () => {
  stack = await startStack({ AVATAR_MAX_BYTES: String(64 * 1024) })
})
afterAll(async () => {
  await stack.close()
})

async function upload(
  token: string | undefined,
  body: Buffer | string,
  contentType: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.server.url}/api/me/avatar`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body,
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function uploadImage(token: string, image: Buffer) {
  const { body, contentType } = multipartBody(image)
  return upload(token, body, contentType)
}

async function imProfile(userID: string): Promise<Record<string, unknown>> {
  const reply = await restCall(stack.im, 'profile/portrait_get', {
    To_Account: [userID],
    TagList: ['Tag_Profile_IM_Nick', 'Tag_Profile_IM_Image'],
  })
  const items = (
    reply.UserProfileItem as Array<{ ProfileItem: Array<{ Tag: string; Value: unknown }> }>
  )[0]
  return Object.fromEntries((items?.ProfileItem ?? []).map((item) => [item.Tag, item.Value]))
}

function storedFiles(): string[] {
  try {
    return readdirSync(path.join(stack.config.dataDir, 'avatars'))
  } catch (_noneYet) {
    return []
  }
}

describe('POST /api/me/avatar', () => {
  let alice: LoginResult
  beforeAll(async () => {
    alice = await stack.login('av_alice', { nick: 'Alice' })
  })

  it('stores a JPEG, serves it back with its type and year-long caching, and records it', async () => {
    const image = jpegImage(120, 80)
    const answer = await uploadImage(alice.token, image)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      contentType: 'image/jpeg',
      width: 120,
      height: 80,
      size: image.length,
    })
    const url = answer.body.url as string
    expect(url).toMatch(new RegExp(`^${stack.server.url}/avatars/[A-Za-z0-9_-]{22}\\.jpg$`))

    const served = await fetch(url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true)
    const again = await fetch(url, {
      headers: { 'if-none-match': served.headers.get('etag') ?? '' },
    })
    expect(again.status).toBe(304)
    expect(await stack.server.app.store.avatars.byUrl(url)).toMatchObject({ owner_id: 'av_alice' })
  })

  it('takes a PNG too, and answers 404 for keys it never issued', async () => {
    const answer = await uploadImage(alice.token, pngImage(64, 64))
    expect(answer).toMatchObject({
      status: 200,
      body: { contentType: 'image/png', width: 64, height: 64 },
    })
    expect((await fetch(`${stack.server.url}/avatars/AAAAAAAAAAAAAAAAAAAAAA.png`)).status).toBe(404)
    expect((await fetch(`${stack.server.url}/avatars/..%2F..%2Fserver.sqlite`)).status).toBe(404)
  })

  describe('refuses, storing nothing', () => {
    let filesBefore: string[]
    let rowsBefore: number
    beforeEach(async () => {
      filesBefore = storedFiles()
      rowsBefore = (await stack.server.app.store.db.selectFrom('avatars').select('url').execute())
        .length
    })
    afterEach(async () => {
      expect(storedFiles()).toEqual(filesBefore)
      const rows = await stack.server.app.store.db.selectFrom('avatars').select('url').execute()
      expect(rows).toHaveLength(rowsBefore)
    })

    const png = () => pngImage(32, 32)
    it.each<[string, () => { body: Buffer | string; contentType: string }, number, string]>([
      [
        'text claiming to be a JPEG',
        () => multipartBody(Buffer.from('hello, not an image')),
        415,
        'unsupported_image',
      ],
      [
        'a GIF',
        () => multipartBody(GIF_IMAGE, { contentType: 'image/gif' }),
        415,
        'unsupported_image',
      ],
      [
        'a truncated PNG',
        () => multipartBody(png().subarray(0, 20), { contentType: 'image/png' }),
        400,
        'invalid_image',
      ],
      ['an image smaller than 16 px', () => multipartBody(pngImage(8, 8)), 400, 'image_dimensions'],
      [
        'a file over AVATAR_MAX_BYTES',
        () => multipartBody(Buffer.concat([png(), Buffer.alloc(70 * 1024)])),
        413,
        'file_too_large',
      ],
      [
        'a form without a file',
        () => ({
          body: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n',
          contentType: 'multipart/form-data; boundary=b',
        }),
        400,
        'no_file',
      ],
      [
        'a body cut off mid-part',
        () => ({
          body: multipartBody(png()).body.subarray(0, 150),
          contentType: multipartBody(png(), { boundary: 'cut' }).contentType.replace('cut', 'cut'),
        }),
        400,
        'invalid_multipart',
      ],
      [
        'a boundary that never appears',
        () => ({
          body: multipartBody(png(), { boundary: 'real' }).body,
          contentType: 'multipart/form-data; boundary=other',
        }),
        400,
        'invalid_multipart',
      ],
      [
        'multipart without a boundary',
        () => ({ body: multipartBody(png()).body, contentType: 'multipart/form-data' }),
        400,
        'invalid_multipart',
      ],
      [
        'JSON instead of multipart',
        () => ({ body: '{"file":"x"}', contentType: 'application/json' }),
        415,
        'unsupported_media_type',
      ],
    ])('%s', async (_name, make, status, code) => {
      const { body, contentType } = make()
      const answer = await upload(alice.token, body, contentType)
      expect(answer).toEqual({
        status,
        body: { statusCode: status, code, message: expect.any(String) },
      })
    })

    it('an upload without a session token', async () => {
      const { body, contentType } = multipartBody(png())
      expect((await upload(undefined, body, contentType)).status).toBe(401)
    })
  })
})

describe('profiles carry only issued avatars and checked nicknames', () => {
  let bob: LoginResult
  let bobsAvatar: string
  let carolsAvatar: string
  beforeAll(async () => {
    bob = await stack.login('av_bob', { nick: 'Bob' })
    bobsAvatar = (await uploadImage(bob.token, jpegImage(100, 100))).body.url as string
    const carol = await stack.login('av_carol')
    carolsAvatar = (await uploadImage(carol.token, jpegImage(50, 50))).body.url as string
  })

  it('sets an issued avatar at login, in the IM profile and in the store', async () => {
    await stack.login('av_bob', { avatarUrl: bobsAvatar })
    expect(await imProfile('av_bob')).toMatchObject({
      Tag_Profile_IM_Nick: 'Bob',
      Tag_Profile_IM_Image: bobsAvatar,
    })
    const me = await stack.call('GET', '/api/me', { token: bob.token })
    expect(me).toMatchObject({
      status: 200,
      body: { userID: 'av_bob', nick: 'Bob', avatarUrl: bobsAvatar },
    })
  })

  it.each([
    ['a WeChat temp file (wxfile://)', 'wxfile://tmp_a1b2c3d4e5.jpg', 'avatar_not_uploaded'],
    ['a WeChat temp file (http://tmp/)', 'http://tmp/a1b2c3d4e5.jpg', 'avatar_not_uploaded'],
    ['a URL this server never issued', 'https://example.com/a.png', 'avatar_not_issued'],
    ['an avatar issued to someone else', 'CAROL', 'avatar_not_issued'],
    ['something that is not a URL', 'javascript:alert(1)', 'invalid_request'],
  ])('refuses %s at login and on profile change, changing nothing', async (_name, given, code) => {
    const avatarUrl = given === 'CAROL' ? carolsAvatar : given
    const before = await imProfile('av_bob')
    const login = await stack.call('POST', '/api/login', { body: { devUser: 'av_bob', avatarUrl } })
    expect(login).toMatchObject({ status: 400, body: { code } })
    const change = await stack.call('PUT', '/api/me/profile', {
      token: bob.token,
      body: { avatarUrl },
    })
    expect(change).toMatchObject({ status: 400, body: { code } })
    expect(await imProfile('av_bob')).toEqual(before)
  })

  it('changes nickname and avatar through PUT /api/me/profile (portrait_set and the store)', async () => {
    const newAvatar = (await uploadImage(bob.token, pngImage(40, 40))).body.url as string
    const answer = await stack.call('PUT', '/api/me/profile', {
      token: bob.token,
      body: { nick: '鲍勃', avatarUrl: newAvatar },
    })
    expect(answer).toEqual({
      status: 200,
      body: { userID: 'av_bob', nick: '鲍勃', avatarUrl: newAvatar },
      headers: expect.anything(),
    })
    expect(await imProfile('av_bob')).toMatchObject({
      Tag_Profile_IM_Nick: '鲍勃',
      Tag_Profile_IM_Image: newAvatar,
    })
  })

  it('refuses a nickname the content check refuses, at login and on change', async () => {
    const before = await imProfile('av_bob')
    const login = await stack.call('POST', '/api/login', {
      body: { devUser: 'av_bob', nick: '刷单返利小助手' },
    })
    expect(login).toMatchObject({ status: 400, body: { code: 'nick_rejected' } })
    const change = await stack.call('PUT', '/api/me/profile', {
      token: bob.token,
      body: { nick: '刷单 返利' },
    })
    expect(change).toMatchObject({ status: 400, body: { code: 'nick_rejected' } })
    expect(await imProfile('av_bob')).toEqual(before)
    expect((await stack.server.app.store.users.get('av_bob'))?.nick).toBe('鲍勃')
  })

  it('answers an empty profile change and unknown fields with 400', async () => {
    expect(
      (await stack.call('PUT', '/api/me/profile', { token: bob.token, body: {} })).status,
    ).toBe(400)
    const extra = await stack.call('PUT', '/api/me/profile', {
      token: bob.token,
      body: { nick: 'x', admin: true },
    })
    expect(extra.status).toBe(400)
  })
})

describe('PUBLIC_BASE_URL', () => {
  it('is the base of issued URLs behind a proxy', async () => {
    const behindProxy = await startStack({ PUBLIC_BASE_URL: 'https://im-api.example.com' })
    try {
      const dave = await behindProxy.login('av_dave')
      const { body, contentType } = multipartBody(jpegImage(20, 20))
      const response = await fetch(`${behindProxy.server.url}/api/me/avatar`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${dave.token}` },
        body,
      })
      const url = ((await response.json()) as { url: string }).url
      expect(url).toMatch(/^https:\/\/im-api\.example\.com\/avatars\/[A-Za-z0-9_-]{22}\.jpg$/)
      const key = url.split('/').pop() as string
      expect((await fetch(`${behindProxy.server.url}/avatars/${key}`)).status).toBe(200)
    } finally {
      await behindProxy.close()
    }
  })
})
