/** Broken HTTP on the wire (not just bad JSON) is answered 4xx or dropped, and the server lives on. */
import { connect } from 'node:net'
import { startServer, type RunningServer } from '../../src'
import { testConfig } from '../support/config'

let server: RunningServer
beforeAll(async () => {
  server = await startServer(testConfig(), 0)
})
afterAll(() => server.close())

/** Writes raw bytes, half-closes, and resolves with whatever the server answered before closing. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => (answer += chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(answer))
    socket.end(bytes, 'latin1')
  })
}

const cases: Array<[string, string, RegExp]> = [
  ['garbage request line', 'HELLO WORLD\r\n\r\n', /^HTTP\/1\.1 400/],
  [
    'invalid header characters',
    'GET /healthz HTTP/1.1\r\nHost: x\r\nBad\u0001Header: y\r\n\r\n',
    /^HTTP\/1\.1 400/,
  ],
  [
    'oversized headers',
    `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    /^HTTP\/1\.1 431/,
  ],
  [
    'broken chunked body',
    'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    /^HTTP\/1\.1 400/,
  ],
  [
    'both Content-Length and chunked',
    'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
    /^HTTP\/1\.1 400/,
  ],
  [
    'body shorter than Content-Length',
    'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"devUser":',
    /^(HTTP\/1\.1 400|$)/,
  ],
]

it.each(cases)('%s', async (_name, bytes, expected) => {
  expect(await rawExchange(bytes)).toMatch(expected)
  const health = await fetch(`${server.url}/healthz`)
  expect(health.status).toBe(200)
})
