/**
 * The way into the message log for both wire surfaces. A retry is found first; then the
 * recipient's blacklist (SDK sends only: REST sendmsg skips relation checks, as Tencent documents);
 * then the app's before-send callback, when one is configured; then the message is stored. Without
 * a callback everything stays synchronous, so a reply still follows its pushes in one tick.
 */
import {
  askBeforeSend,
  type CallbackCaller,
  type CallbackConfig,
  type CallbackVerdict,
} from './before-send-callback'
import type { Logger } from './logger'
import {
  ImError,
  ImFailure,
  conversationKey,
  messageKey,
  stampMessage,
  type ImModel,
  type NewMessage,
  type SendOrigin,
  type StampedMessage,
} from './model'

export interface SendRequest {
  input: NewMessage
  origin: SendOrigin
  caller: CallbackCaller
  /** Refuse when the recipient has blocked the sender (SDK sends). */
  checkBlacklist: boolean
  /** Ask the before-send callback (REST can opt out with ForbidBeforeSendMsgCallback). */
  useCallback: boolean
}

/** What a sender is told: the message's identity, and whether it was a retry. */
export interface SendReceipt {
  time: number
  msgSeq: number
  key: string
  duplicate: boolean
}

export interface MessageSenderOptions {
  model: ImModel
  logger: Logger
  callback: () => CallbackConfig | undefined
  /**
   * The console's 黑名单检查 "发送消息后展示发送成功": a blocked sender is told the message was
   * sent (it is stored nowhere). Off here: the sender gets 20007.
   */
  blockedSendsAppearSent: boolean
}

const BLOCKED_INFO = '发送单聊消息，被对方拉黑，禁止发送'

export class MessageSender {
  /** Per conversation, settles when the message ahead in line has been stored or refused. */
  private readonly tails = new Map<string, Promise<void>>()

  constructor(private readonly options: MessageSenderOptions) {}

  send(request: SendRequest): SendReceipt | Promise<SendReceipt> {
    const { model } = this.options
    const { input, origin } = request
    const sender = model.requireParticipants(input.from, input.to)
    const stamped = stampMessage(input)
    if (!origin.onlineOnly) {
      const existing = model.findMessage(input.from, input.to, stamped.msgSeq, stamped.msgRandom)
      if (existing) return { ...receiptOf(existing), duplicate: true }
    }
    if (request.checkBlacklist && model.blacklist.isBlocked(input.to, input.from)) {
      if (this.options.blockedSendsAppearSent) return receiptOf(stamped)
      throw new ImFailure(ImError.inPeerBlacklist, BLOCKED_INFO)
    }
    const config = request.useCallback ? this.options.callback() : undefined
    if (!config) return this.store(stamped, origin)
    return this.throughCallback(config, stamped, request, sender.tinyID)
  }

  private store(message: StampedMessage, origin: SendOrigin): SendReceipt {
    const { message: stored, duplicate } = this.options.model.sendMessage(message, origin)
    return { ...receiptOf(stored), duplicate }
  }

  /**
   * Callbacks for one conversation run side by side, but their messages are stored in the order
   * they arrived, so a slow answer cannot reorder a chat.
   */
  private async throughCallback(
    config: CallbackConfig,
    message: StampedMessage,
    request: SendRequest,
    senderTinyID: string,
  ): Promise<SendReceipt> {
    const conversation = conversationKey(message.from, message.to)
    const ahead = this.tails.get(conversation)
    let done!: () => void
    const tail = new Promise<void>((resolve) => (done = resolve))
    this.tails.set(conversation, tail)
    try {
      const verdict = await askBeforeSend(
        config,
        this.options.model.sdkAppID,
        request.caller,
        {
          from: message.from,
          to: message.to,
          msgSeq: message.msgSeq,
          msgRandom: message.msgRandom,
          time: message.time,
          key: messageKey(message),
          msgID: `${senderTinyID}-${message.clientTime ?? message.time}-${message.msgRandom}`,
          onlineOnly: request.origin.onlineOnly === true,
          body: message.body,
          cloudCustomData: message.cloudCustomData ?? '',
        },
        this.options.logger,
      )
      await ahead
      return this.apply(verdict, message, request.origin)
    } finally {
      done()
      if (this.tails.get(conversation) === tail) this.tails.delete(conversation)
    }
  }

  private apply(verdict: CallbackVerdict, message: StampedMessage, origin: SendOrigin) {
    if (verdict.kind === 'refuse') throw new ImFailure(verdict.code, verdict.info)
    if (verdict.kind === 'drop') return receiptOf(message)
    return this.store(
      {
        ...message,
        body: verdict.body ?? message.body,
        cloudCustomData: verdict.cloudCustomData ?? message.cloudCustomData,
      },
      origin,
    )
  }
}

function receiptOf(m: { time: number; msgSeq: number; msgRandom: number; key?: string }) {
  return { time: m.time, msgSeq: m.msgSeq, key: m.key ?? messageKey(m), duplicate: false }
}
