/**
 * Real image files for upload tests, encoded by pure-JS encoders (jpeg-js, pngjs): what chooseAvatar
 * hands over is a JPEG or PNG, so that is what the tests upload.
 */
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'

function pixels(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i * 7) % 256
    data[i * 4 + 1] = (i * 13) % 256
    data[i * 4 + 2] = 200
    data[i * 4 + 3] = 255
  }
  return data
}

export function jpegImage(width: number, height: number): Buffer {
  return Buffer.from(jpeg.encode({ data: pixels(width, height), width, height }, 85).data)
}

export function pngImage(width: number, height: number): Buffer {
  const png = new PNG({ width, height })
  pixels(width, height).copy(png.data)
  return PNG.sync.write(png)
}

/** A one-frame GIF89a (the smallest valid GIF). */
export const GIF_IMAGE = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
)

/** A multipart/form-data body holding one file part, as wx.uploadFile sends it. */
export function multipartBody(
  file: Buffer,
  options: { field?: string; filename?: string; contentType?: string; boundary?: string } = {},
): { body: Buffer; contentType: string } {
  const boundary = options.boundary ?? `----wxupload${Date.now().toString(16)}`
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'tmp_avatar.jpg'}"\r\n` +
    `Content-Type: ${options.contentType ?? 'image/jpeg'}\r\n\r\n`
  return {
    body: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}
