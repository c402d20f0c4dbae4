// Tencent's IM SDKs decide what kind of client they run in by probing `wx`; in the host both must find a
// mini-program, not a mini game (their first connection carries isminigame=1 for a mini game).
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import { WebSocketServer } from 'ws'
import {
  connect,
  fixturesDir,
  packSdkNpm,
  startHostProcess,
  waitFor,
  type RunningHost,
} from './helpers'

const projectDir = path.join(fixturesDir, 'sdk-probe')
let host: RunningHost
let miniProgram: MiniProgram
let server: WebSocketServer
let proxyServer: string
const connections: string[] = []

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  proxyServer = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
  server.on('connection', (socket, request) => {
    connections.push(request.url ?? '')
    socket.close()
  })
  packSdkNpm(projectDir)
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
  await new Promise((resolve) => server?.close(resolve))
})

test.each(['tim-wx-sdk', '@tencentcloud/chat'])(
  '%s connects as a mini-program (no isminigame flag)',
  async (kind) => {
    connections.length = 0
    const page = await miniProgram.currentPage()
    await page?.callMethod('connect', kind, proxyServer)
    const [url] = await waitFor(
      async () => [...connections],
      (seen) => seen.length > 0,
      `${kind}'s first connection`,
    )
    expect(url).toContain('sdkappid=1400000001')
    expect(url).not.toContain('isminigame')
  },
)
