// The automator's JSON-RPC over WebSocket (every method miniprogram-automator@0.12.x sends, answered with the
// shapes that client reads), plus a plain HTTP look at the current page on the same port.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { AutomatorHost, Client, Handler, Pictures } from './host'
import { errorMessage } from './interactions'

/** What method handlers may do besides answering: push an event to the connected clients. */
export type Broadcast = (method: string, params: unknown, needsLog: boolean) => void

export class AutomatorServer {
  private readonly server = new WebSocketServer({ noServer: true })
  private readonly clients = new Set<Client>()
  private readonly outbox: { method: string; params: unknown; needsLog: boolean }[] = []
  private httpServer: Server | undefined
  private handlers: Record<string, Handler> = {}

  constructor(
    private readonly host: Pick<AutomatorHost, 'events' | 'settle'>,
    private readonly pictures: Pick<Pictures, 'render' | 'screenshot'>,
  ) {
    host.events.on('log', (entry) => this.broadcast('App.logAdded', entry, true))
    host.events.on('exception', (entry) => this.broadcast('App.exceptionThrown', entry, false))
  }

  /** The methods this server answers (automator domains, host controls, live viewer methods). */
  use(handlers: Record<string, Handler>): void {
    this.handlers = { ...this.handlers, ...handlers }
  }

  get methods(): string[] {
    return Object.keys(this.handlers)
  }

  /**
   * Events are sent from a fresh stack: an error is often reported where the mini-program exhausted the stack,
   * and a send started there could fail half-way. Pending events go out before the next reply, in order.
   */
  readonly broadcast: Broadcast = (method, params, needsLog) => {
    this.outbox.push({ method, params, needsLog })
    if (this.outbox.length === 1) setImmediate(() => this.flushEvents())
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const http = createServer(
      (request, response) => void this.serveHttp(request.url ?? '/', response),
    )
    http.on('upgrade', (request, socket, head) => {
      this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws))
    })
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(port, host, () => resolve())
    })
    this.httpServer = http
    return (http.address() as AddressInfo).port
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.terminate()
    this.server.close()
    const http = this.httpServer
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()))
  }

  /** A look at the app from any browser on this machine: the current page as HTML, or as a picture. */
  private async serveHttp(url: string, response: ServerResponse): Promise<void> {
    try {
      if (url === '/' || url === '/page.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        response.end(this.pictures.render().document)
      } else if (url === '/screenshot.png') {
        const picture = await this.pictures.screenshot()
        response.writeHead(200, { 'content-type': 'image/png' })
        response.end(picture)
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' })
        response.end(
          'the host serves / (the current page), /screenshot.png and the automator WebSocket\n',
        )
      }
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end(`${errorMessage(error)}\n`)
    }
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, logEnabled: false }
    this.clients.add(client)
    socket.on('close', () => this.clients.delete(client))
    socket.on('message', (raw) => void this.onMessage(client, raw.toString()))
  }

  private flushEvents(): void {
    for (const { method, params, needsLog } of this.outbox.splice(0)) {
      const message = JSON.stringify({ method, params })
      for (const client of this.clients) {
        if (needsLog && !client.logEnabled) continue
        if (client.socket.readyState === client.socket.OPEN) client.socket.send(message)
      }
    }
  }

  private async onMessage(client: Client, raw: string): Promise<void> {
    let request: { id?: unknown; method?: unknown; params?: unknown }
    try {
      request = JSON.parse(raw) as typeof request
    } catch (_notJson) {
      client.socket.send(JSON.stringify({ error: { message: 'the message is not JSON' } }))
      return
    }
    const id = request.id
    const reply = (body: Record<string, unknown>): void => {
      this.flushEvents()
      if (client.socket.readyState === client.socket.OPEN)
        client.socket.send(JSON.stringify({ id, ...body }))
    }
    const method = typeof request.method === 'string' ? request.method : ''
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, method)
      ? this.handlers[method]
      : undefined
    if (!handler) {
      reply({ error: { message: `not supported by the host: ${method || '(no method)'}` } })
      return
    }
    try {
      const params =
        request.params && typeof request.params === 'object'
          ? (request.params as Record<string, unknown>)
          : {}
      const result = await handler(params, client)
      await this.host.settle()
      reply({ result: result ?? {} })
    } catch (error) {
      await this.host.settle()
      reply({ error: { message: errorMessage(error) } })
    }
  }
}
