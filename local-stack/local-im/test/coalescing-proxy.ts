/**
 * A TCP proxy in front of the local IM that can put several WebSocket frames into one TCP write,
 * as a busy network or server does: it holds the frames from one that matches `from` until one
 * that matches `until` arrives, then writes them all at once, so the client reads them in one
 * chunk. Bytes from the client pass through untouched.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export type FrameMatch = (text: string) => boolean

export interface CoalescingProxy {
  /** `ws://127.0.0.1:<port>`: pass as the SDK's proxyServer. */
  wsUrl: string
  /**
   * The next frames from one matching `from` to one matching `until` go to the client in one
   * write. Resolves `held` when the first of them is being held, `written` once they went out.
   */
  coalesce(from: FrameMatch, until: FrameMatch): { held: Promise<void>; written: Promise<void> }
  close(): Promise<void>
}

interface Plan {
  from: FrameMatch
  until: FrameMatch
  frames: Buffer[]
  onHeld: () => void
  onWritten: () => void
}

/** Length of the first complete server frame (unmasked) in `buffer`, or 0 while it is partial. */
function frameLength(buffer: Buffer): number {
  if (buffer.length < 2) return 0
  const short = (buffer[1] as number) & 0x7f
  let header = 2
  let payload = short
  if (short === 126) {
    if (buffer.length < 4) return 0
    header = 4
    payload = buffer.readUInt16BE(2)
  } else if (short === 127) {
    if (buffer.length < 10) return 0
    header = 10
    payload = Number(buffer.readBigUInt64BE(2))
  }
  return buffer.length >= header + payload ? header + payload : 0
}

/** The payload of a complete unmasked frame as text. */
function payloadText(frame: Buffer): string {
  const short = (frame[1] as number) & 0x7f
  const header = short === 126 ? 4 : short === 127 ? 10 : 2
  return frame.subarray(header).toString()
}

export async function startCoalescingProxy(targetPort: number): Promise<CoalescingProxy> {
  const sockets = new Set<Socket>()
  let plan: Plan | undefined

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    client.pipe(upstream)
    let handshakeDone = false
    let pending = Buffer.alloc(0)
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      if (!handshakeDone) {
        const end = pending.indexOf('\r\n\r\n')
        if (end < 0) return
        client.write(pending.subarray(0, end + 4))
        pending = pending.subarray(end + 4)
        handshakeDone = true
      }
      for (let length = frameLength(pending); length > 0; length = frameLength(pending)) {
        const frame = pending.subarray(0, length)
        pending = pending.subarray(length)
        const text = payloadText(frame)
        if (plan && plan.frames.length === 0 && plan.from(text)) {
          plan.frames.push(frame)
          plan.onHeld()
        } else if (plan && plan.frames.length > 0) {
          plan.frames.push(frame)
          if (plan.until(text)) {
            const done = plan
            plan = undefined
            client.write(Buffer.concat(done.frames), () => done.onWritten())
          }
        } else {
          client.write(frame)
        }
      }
    })
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    coalesce(from, until) {
      let onHeld = () => undefined as void
      let onWritten = () => undefined as void
      const held = new Promise<void>((resolve) => (onHeld = resolve))
      const written = new Promise<void>((resolve) => (onWritten = resolve))
      plan = { from, until, frames: [], onHeld, onWritten }
      return { held, written }
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
