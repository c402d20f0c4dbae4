/**
 * How each chaos message first reached a phone: a live push, a login sync page (getmsg) or a
 * roaming page (getroammsg, which the SDK also uses to recover a chat after a reconnect), read
 * from the frames the phone's socket received. Used to explain a disorder in the chaos report.
 */
import type { SdkUser } from '../testing'

export interface Arrival {
  via: 'push' | 'sync' | 'roaming'
  /** When it arrived (epoch milliseconds). */
  at: number
  /** The message's server time (seconds) and sequence. */
  time: number
  msgSeq: number
  /** The recipient's inbox number (pushes only). */
  inbox?: number
}

type WireMessage = { MsgTimeStamp?: number; MsgSeq?: number; MsgBody?: unknown[] }

const textOf = (m: WireMessage) =>
  (m.MsgBody?.[0] as { MsgContent?: { Text?: string } } | undefined)?.MsgContent?.Text ?? ''

/** Records the first arrival of every text on the phone's sockets, plus its socket events. */
export function traceArrivals(phone: SdkUser) {
  const first = new Map<string, Arrival>()
  const events: string[] = []
  /** Forward roaming requests: the SDK's recovery of a chat after a reconnect. */
  const recoveries: { peer: string; from: number; at: number }[] = []
  const note = (messages: WireMessage[], via: Arrival['via'], inbox?: number) => {
    for (const m of messages) {
      const text = textOf(m)
      if (!text.startsWith('chaos ') || first.has(text)) continue
      first.set(text, {
        via,
        at: Date.now(),
        time: m.MsgTimeStamp ?? 0,
        msgSeq: m.MsgSeq ?? 0,
        inbox,
      })
    }
  }
  const stamp = () => (Date.now() / 1000).toFixed(3)
  // Outgoing requests: the SDK opens each socket through wx.connectSocket and sends on its task.
  const connect = phone.wx.wx.connectSocket as (request: unknown) => {
    send: (o: { data: unknown }) => void
  }
  phone.wx.wx.connectSocket = (request: unknown) => {
    const task = connect(request)
    const send = task.send.bind(task)
    task.send = (options: { data: unknown }) => {
      const text =
        typeof options.data === 'string'
          ? options.data
          : Buffer.from(new Uint8Array(options.data as ArrayBuffer)).toString()
      try {
        const frame = JSON.parse(text) as {
          head?: { servcmd?: string }
          body?: Record<string, unknown>
        }
        const servcmd = frame.head?.servcmd ?? ''
        const body = frame.body ?? {}
        if (servcmd === 'openim.sendmsg') {
          events.push(`${stamp()} > sendmsg ${textOf(body as WireMessage)}`)
        } else if (servcmd === 'openim.getroammsg') {
          if (Number(body.GetDirection) === 1) {
            recoveries.push({
              peer: String(body.Peer_Account),
              from: Number(body.LastMsgTime),
              at: Date.now(),
            })
          }
          events.push(
            `${stamp()} > getroammsg ${String(body.Peer_Account)} LastMsgTime ${String(body.LastMsgTime)} dir ${String(body.GetDirection)}`,
          )
        } else if (
          servcmd === 'openim.getmsg' ||
          servcmd === 'im_open_status.wslogin' ||
          servcmd === 'recentcontact.page_get'
        ) {
          events.push(`${stamp()} > ${servcmd}`)
        }
      } catch (_notJson) {
        // not an SDK frame
      }
      send(options)
    }
    return task
  }
  phone.wx.onIncomingFrame((raw) => {
    let frame: { head?: { servcmd?: string }; body?: Record<string, unknown> }
    try {
      frame = JSON.parse(raw) as typeof frame
    } catch (_notJson) {
      return
    }
    const servcmd = frame.head?.servcmd ?? ''
    const body = frame.body ?? {}
    if (servcmd === 'im_open_push.msg_push') {
      const inbox = Number(body.SessionData) || undefined
      const pushed = ((body.EventArray as { C2cMsgArray?: WireMessage[] }[]) ?? []).flatMap(
        (e) => e.C2cMsgArray ?? [],
      )
      events.push(
        `${stamp()} < push ${pushed.map((m) => `${textOf(m)}@${m.MsgTimeStamp ?? 0}`).join(', ')}`,
      )
      for (const event of (body.EventArray as { C2cMsgArray?: WireMessage[] }[]) ?? []) {
        note(event.C2cMsgArray ?? [], 'push', inbox)
      }
    } else if (servcmd === 'openim.getmsg') {
      const list = (body.MsgList as WireMessage[]) ?? []
      note(list, 'sync')
      const span = list.map((m) => `${textOf(m)}@${m.MsgTimeStamp ?? 0}`)
      events.push(`${stamp()} < getmsg SyncFlag ${String(body.SyncFlag)} [${span.join(', ')}]`)
    } else if (servcmd === 'openim.getroammsg') {
      const list = (body.MsgList as WireMessage[]) ?? []
      note(list, 'roaming')
      const span = list.map((m) => `${textOf(m)}@${m.MsgTimeStamp ?? 0}`)
      events.push(`${stamp()} < getroammsg [${span.join(', ')}]`)
    } else if (servcmd === 'openim.sendmsg') {
      events.push(`${stamp()} < sendmsg reply MsgTime ${String(body.MsgTime)}`)
    } else if (servcmd === 'im_open_status.wslogin') {
      events.push(`${stamp()} < wslogin`)
    }
  })
  /** The socket events from `seconds` before `at` until just after it. */
  const around = (at: number, seconds = 8) =>
    events.filter((line) => {
      const when = Number(line.split(' ')[0]) * 1000
      return when >= at - seconds * 1000 && when <= at + 500
    })
  /**
   * Whether `text` (from `peer`) came late because of the SDK's reconnect recovery: the recovery
   * of that chat started after the message's time (at the phone's newest local message) and
   * reported newer messages, among them `overtaker`, while this one came with the later sync.
   */
  const lateThroughRecovery = (text: string, overtaker: string, peer: string) => {
    const late = first.get(text)
    if (late?.via !== 'sync' || first.get(overtaker)?.via !== 'roaming') return false
    return recoveries.some((r) => r.peer === peer && r.from > late.time && r.at <= late.at)
  }
  return { first, events, around, lateThroughRecovery }
}

export const describeArrival = (text: string, arrival: Arrival | undefined) =>
  arrival
    ? `${text} via ${arrival.via} at ${(arrival.at / 1000).toFixed(3)} (MsgTime ${arrival.time}, MsgSeq ${arrival.msgSeq}${arrival.inbox ? `, inbox ${arrival.inbox}` : ''})`
    : `${text} (never seen on a socket)`
