/**
 * The S3 avatar adapter against a real local S3-compatible server (s3rver, speaking the S3 REST API
 * through the same client calls as COS): the upload lands in the bucket with its type and caching headers, the
 * issued URL points into the bucket, and login accepts that URL.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { startStack, type Stack } from '../support/stack'
import { jpegImage, multipartBody } from '../support/images'

const BUCKET = 'avatars-test'
let s3rver: S3rver
let directory: string
let endpoint: string
let stack: Stack

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'tim-s3rver-'))
  s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  })
  const { port } = await s3rver.run()
  endpoint = `http://127.0.0.1:${port}`
  stack = await startStack({
    S3_BUCKET: BUCKET,
    S3_REGION: 'ap-guangzhou',
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
  })
})
afterAll(async () => {
  await stack.close()
  await s3rver.close()
  rmSync(directory, { recursive: true, force: true })
})

it('stores the upload in the bucket and issues its public URL', async () => {
  const erin = await stack.login('s3_erin')
  const image = jpegImage(64, 48)
  const { body, contentType } = multipartBody(image)
  const response = await fetch(`${stack.server.url}/api/me/avatar`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${erin.token}` },
    body,
  })
  expect(response.status).toBe(200)
  const { url } = (await response.json()) as { url: string }
  expect(url).toMatch(new RegExp(`^${endpoint}/${BUCKET}/avatars/[A-Za-z0-9_-]{22}\\.jpg$`))

  const client = new S3Client({
    region: 'ap-guangzhou',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  try {
    const key = url.slice(`${endpoint}/${BUCKET}/`.length)
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    expect(object.ContentType).toBe('image/jpeg')
    expect(object.CacheControl).toBe('public, max-age=31536000, immutable')
    expect(
      Buffer.from(
        await (
          object.Body as { transformToByteArray(): Promise<Uint8Array> }
        ).transformToByteArray(),
      ).equals(image),
    ).toBe(true)
  } finally {
    client.destroy()
  }
  // The bucket serves it at the issued URL itself; the app server has no /avatars route then.
  expect((await fetch(`${stack.server.url}/avatars/${url.split('/').pop()}`)).status).toBe(404)
  const login = await stack.call('POST', '/api/login', {
    body: { devUser: 's3_erin', avatarUrl: url },
  })
  expect(login.status).toBe(200)
})

it('answers 502 without recording anything when the bucket refuses the upload', async () => {
  const wrongKeys = await startStack({
    S3_BUCKET: 'no-such-bucket',
    S3_REGION: 'ap-guangzhou',
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
  })
  try {
    const frank = await wrongKeys.login('s3_frank')
    const { body, contentType } = multipartBody(jpegImage(32, 32))
    const response = await fetch(`${wrongKeys.server.url}/api/me/avatar`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${frank.token}` },
      body,
    })
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ code: 'storage_unavailable' })
    expect(await wrongKeys.server.app.store.db.selectFrom('avatars').selectAll().execute()).toEqual(
      [],
    )
  } finally {
    await wrongKeys.close()
  }
})
