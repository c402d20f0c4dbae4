// The preview page's server: serves the static page and, on /live, a WebSocket that relays each phone's
// frames to the browser and the visitor's taps, typing and scrolling back to that phone's host.
import fs from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { HostLink, LiveFrame } from './host-link'

export interface PreviewPhone {
  name: string
  link: HostLink
}

export interface PreviewServer {
  port: number
  url: string
  close(): Promise<void>
}

/**
 * What the page may ask a host to do: a person's gestures and the phone's own theme setting (light / dark, as
 * in the phone's display settings), nothing that reads or changes the app's state.
 */
const BROWSER_ACTIONS = new Set([
  'Host.tap',
  'Host.longPress',
  'Host.input',
  'Host.confirm',
  'Host.scroll',
  'Host.tapTabBar',
  'Host.back',
  'Host.answerModal',
  'Host.answerActionSheet',
  'Host.setTheme',
])

const STATIC_DIR = path.resolve(__dirname, '..', 'static')
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/preview.js': { file: 'preview.js', type: 'text/javascript; charset=utf-8' },
  '/preview.css': { file: 'preview.css', type: 'text/css; charset=utf-8' },
}

interface BrowserRequest {
  id?: unknown
  phone?: unknown
  method?: unknown
  params?: unknown
}

export async function startPreviewServer(
  phones: PreviewPhone[],
  port: number,
  host = '127.0.0.1',
): Promise<PreviewServer> {
  const latest = new Map<string, LiveFrame>()
  const browsers = new Set<WebSocket>()
  const sendAll = (message: unknown): void => {
    const text = JSON.stringify(message)
    for (const browser of browsers) if (browser.readyState === browser.OPEN) browser.send(text)
  }
  for (const phone of phones) {
    phone.link.on('frame', (frame) => {
      latest.set(phone.name, frame)
      sendAll({ type: 'frame', phone: phone.name, frame })
    })
    phone.link.on('closed', () =>
      sendAll({ type: 'error', phone: phone.name, message: 'this phone’s host stopped' }),
    )
    await phone.link.call('Host.watch')
  }

  const http: Server = createServer((request, response) => {
    const entry = STATIC_FILES[(request.url ?? '/').split('?')[0] ?? '/']
    if (!entry || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      response.end('the preview serves / and the /live WebSocket\n')
      return
    }
    fs.readFile(path.join(STATIC_DIR, entry.file), (error, body) => {
      if (error) {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        response.end(`${error.message}\n`)
        return
      }
      response.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' })
      response.end(body)
    })
  })

  const sockets = new WebSocketServer({ noServer: true })
  http.on('upgrade', (request, socket, head) => {
    // Any web page open in the visitor's browser could dial 127.0.0.1; only our own page may drive the phones.
    if (request.url !== '/live' || !sameOrigin(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (browser) => {
      browsers.add(browser)
      browser.on('close', () => browsers.delete(browser))
      browser.send(JSON.stringify({ type: 'hello', phones: phones.map((phone) => phone.name) }))
      for (const [name, frame] of latest)
        browser.send(JSON.stringify({ type: 'frame', phone: name, frame }))
      browser.on('message', (raw) => void relay(browser, raw.toString()))
    })
  })

  const relay = async (browser: WebSocket, raw: string): Promise<void> => {
    let request: BrowserRequest
    try {
      request = JSON.parse(raw) as BrowserRequest
    } catch (_error) {
      return
    }
    const reply = (body: Record<string, unknown>): void => {
      if (browser.readyState === browser.OPEN)
        browser.send(JSON.stringify({ type: 'reply', id: request.id, ...body }))
    }
    const phone = phones.find((candidate) => candidate.name === request.phone)
    if (!phone) return reply({ error: `no phone named ${String(request.phone)}` })
    if (typeof request.method !== 'string' || !BROWSER_ACTIONS.has(request.method))
      return reply({ error: `the preview does not forward ${String(request.method)}` })
    const params =
      request.params && typeof request.params === 'object'
        ? (request.params as Record<string, unknown>)
        : {}
    try {
      await phone.link.call(request.method, params)
      reply({})
    } catch (error) {
      reply({ error: error instanceof Error ? error.message : String(error) })
    }
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use: pick another with --port <n> (0: any free port)`)
          : error,
      ),
    )
    http.listen(port, host, () => resolve())
  })
  const actualPort = (http.address() as AddressInfo).port
  return {
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    async close() {
      for (const browser of browsers) browser.terminate()
      sockets.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  // Non-browser clients (tools, tests) send no Origin; browsers always do.
  if (origin === undefined) return true
  return origin === `http://${request.headers.host ?? ''}`
}
