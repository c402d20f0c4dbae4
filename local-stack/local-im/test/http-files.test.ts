/**
 * The upload and download endpoints: broken %-encoding is a client error; uploads are checked
 * against the kind pre_sig was asked for (size, extension, bytes); downloads carry their length
 * and honour HEAD, one byte range and ETags.
 */
import type { LocalIm } from '../src/index'
import { restCall } from '../testing'
import { startTestIm } from './helpers'
import { PNG, mp4File, silentMp3, toneWav } from '../testing/media-fixtures'
import { RawClient } from './raw-client'

let im: LocalIm

beforeAll(async () => {
  im = await startTestIm()
})

afterAll(async () => {
  await im.close()
})

test.each([
  ['GET', '/files/%E0%A4%A'],
  ['HEAD', '/files/%'],
  ['POST', '/upload/%ZZ'],
])('%s %s with broken percent-encoding answers 400, not 500', async (method, path) => {
  const response = await fetch(`${im.httpUrl}${path}`, {
    method,
    body: method === 'POST' ? 'x' : undefined,
  })
  expect(response.status).toBe(400)
  // The server keeps serving.
  expect((await fetch(`${im.httpUrl}/files/none.png`)).status).toBe(404)
})

/** An upload slot of this kind, as tim-upload-plugin gets it from pre_sig. */
async function slot(fileType: number, fileName: string) {
  const client = await RawClient.open(im.wsUrl, im.sdkAppID)
  await restCall(im, 'im_open_login_svc/account_import', { UserID: 'uploader' })
  await client.login({ userID: 'uploader', userSig: im.genUserSig('uploader') })
  const reply = await client.request('im_cos_msg.pre_sig', {
    file_type: fileType,
    file_name: fileName,
    upload_method: 0,
    Duration: 900,
  })
  client.close()
  return { upload: String(reply.upload_url), download: String(reply.download_url) }
}

/** The multipart POST tim-upload-plugin makes (through wx.uploadFile). */
function post(url: string, bytes: Buffer, key: string) {
  const form = new FormData()
  form.append('key', key)
  form.append('success_action_status', '200')
  form.append('file', new Blob([bytes]), key)
  return fetch(url, { method: 'POST', body: form })
}

test.each([
  ['an image that is a GIF named .png', 1, 'a.png', Buffer.from('GIF89a....'), 415],
  ['a video named .avi', 2, 'clip.avi', mp4File(100), 415],
  ['a video whose bytes are not ISO media', 2, 'clip.mp4', Buffer.alloc(400, 7), 415],
  ['voice that is a PNG', 3, 'v.mp3', PNG, 415],
  [
    'voice over 20 MB',
    3,
    'v.mp3',
    Buffer.concat([silentMp3(1), Buffer.alloc(20 * 1024 * 1024)]),
    413,
  ],
  ['an empty file', 255, 'notes.txt', Buffer.alloc(0), 400],
])('%s is refused and nothing is served', async (_what, fileType, name, bytes, status) => {
  const { upload, download } = await slot(fileType, name)
  const response = await post(upload, bytes, name)
  expect(response.status).toBe(status)
  expect(((await response.json()) as { error: string }).error).not.toBe('')
  expect((await fetch(download)).status).toBe(404)
})

test('an upload is taken once per slot, of its kind: voice, and any file', async () => {
  const voice = await slot(3, 'v.wav')
  expect((await post(voice.upload, toneWav(0.2), 'v.wav')).status).toBe(200)
  expect((await post(voice.upload, toneWav(0.2), 'v.wav')).status).toBe(403)
  const file = await slot(255, 'data.bin')
  expect((await post(file.upload, Buffer.from([0, 1, 2, 3]), 'data.bin')).status).toBe(200)
  const served = await fetch(file.download)
  expect(served.headers.get('content-type')).toBe('application/octet-stream')
  expect(served.headers.get('x-content-type-options')).toBe('nosniff')
})

test('downloads: length up front, HEAD, one byte range, 416 past the end, 304 on a known ETag', async () => {
  const video = mp4File(5000)
  const { upload, download } = await slot(2, 'clip.mp4')
  expect((await post(upload, video, 'clip.mp4')).status).toBe(200)

  const head = await fetch(download, { method: 'HEAD' })
  expect(head.status).toBe(200)
  expect(head.headers.get('content-length')).toBe(String(video.length))
  expect(head.headers.get('accept-ranges')).toBe('bytes')
  expect(Buffer.from(await head.arrayBuffer()).length).toBe(0)

  const part = await fetch(download, { headers: { range: 'bytes=100-199' } })
  expect(part.status).toBe(206)
  expect(part.headers.get('content-range')).toBe(`bytes 100-199/${video.length}`)
  expect(part.headers.get('content-length')).toBe('100')
  expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true)

  const tail = await fetch(download, { headers: { range: 'bytes=-16' } })
  expect(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(-16))).toBe(true)

  const past = await fetch(download, { headers: { range: `bytes=${video.length + 10}-` } })
  expect(past.status).toBe(416)
  expect(past.headers.get('content-range')).toBe(`bytes */${video.length}`)

  const etag = head.headers.get('etag') ?? ''
  const cached = await fetch(download, { headers: { 'if-none-match': etag } })
  expect(cached.status).toBe(304)
  const whole = await fetch(download)
  expect(whole.headers.get('cache-control')).toContain('immutable')
  expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true)
})
