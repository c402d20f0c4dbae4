/** Broken %-encoding in file URLs is a client error, never a crash. */
import type { LocalIm } from '../src/index'
import { startTestIm } from './helpers'

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
