/** A raw-frame client of the SDK protocol, for tests that need exact control over each frame. */
import WebSocket from 'ws'

export interface RawFrame {
  head: { servcmd: string; seq: number }
  body: Record<string, unknown>
}

interface PushedMessage {
  From_Account: string
  MsgBody: { MsgType: string; MsgContent: { Text?: string } }[]
}

export class RawClient {
  readonly frames: RawFrame[] = []
  /** Texts of the C2C messages received, pushes and sync pages alike, in arrival order. */
  readonly received: string[] = []
  private seq = 1
  private readonly waiters = new Set<() => void>()
  private readonly acked = new Set<RawFrame>()
  a2Key = ''

  private constructor(
    readonly socket: WebSocket,
    private readonly sdkAppID: number,
  ) {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as RawFrame
      this.frames.push(frame)
      if (frame.head.servcmd === 'im_open_push.msg_push') {
        for (const event of (frame.body.EventArray ?? []) as { C2cMsgArray?: PushedMessage[] }[]) {
          for (const message of event.C2cMsgArray ?? []) this.received.push(textOf(message))
        }
      }
      for (const wake of [...this.waiters]) wake()
    })
  }

  static async open(wsUrl: string, sdkAppID: number): Promise<RawClient> {
    const socket = new WebSocket(`${wsUrl}/binfo?sdkappid=${sdkAppID}&instanceid=raw`)
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    return new RawClient(socket, sdkAppID)
  }

  /** Resolves with the first frame (already received or later) that matches. */
  next(match: (frame: RawFrame) => boolean): Promise<RawFrame> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.frames.find(match)
        if (!found) return
        this.waiters.delete(check)
        resolve(found)
      }
      this.waiters.add(check)
      check()
    })
  }

  async request(servcmd: string, body: unknown = {}, head: Record<string, unknown> = {}) {
    const seq = this.seq++
    const a2 = this.a2Key ? { a2: this.a2Key } : {}
    this.socket.send(
      Buffer.from(
        JSON.stringify({ head: { servcmd, seq, sdkappid: this.sdkAppID, ...a2, ...head }, body }),
      ),
    )
    const reply = await this.next((f) => f.head.servcmd === servcmd && f.head.seq === seq)
    return reply.body
  }

  async login(identity: { userID: string; userSig: string } | { a2Key: string }) {
    const head =
      'a2Key' in identity ? {} : { identifier: identity.userID, usersig: identity.userSig }
    if ('a2Key' in identity) this.a2Key = identity.a2Key
    const reply = await this.request('im_open_status.wslogin', { State: 'Online' }, head)
    if (reply.ErrorCode !== 0) throw new Error(`wslogin failed: ${JSON.stringify(reply)}`)
    this.a2Key = String(reply.A2Key)
    return reply
  }

  /** The login sync, page by page as the SDK runs it; returns the last page's reply. */
  async sync(cookie = ''): Promise<Record<string, unknown>> {
    let reply: Record<string, unknown>
    do {
      reply = await this.request('openim.getmsg', { Cookie: cookie, SyncFlag: 0 })
      for (const message of (reply.MsgList ?? []) as PushedMessage[]) {
        this.received.push(textOf(message))
      }
      cookie = String(reply.Cookie)
    } while (reply.SyncFlag !== 2)
    return reply
  }

  /** Acks every push that asked for one (as the SDK does) and returns how many. */
  ackPushes(): number {
    let acked = 0
    for (const frame of this.frames) {
      if (frame.head.servcmd !== 'im_open_push.msg_push' || frame.body.NeedAck !== 1) continue
      if (this.acked.has(frame)) continue
      this.acked.add(frame)
      void this.request('openim.ws_msg_push_ack', { SessionData: frame.body.SessionData })
      acked++
    }
    return acked
  }

  close(): void {
    this.socket.terminate()
  }
}

function textOf(message: PushedMessage): string {
  return message.MsgBody[0]?.MsgContent.Text ?? `<${message.MsgBody[0]?.MsgType}>`
}
