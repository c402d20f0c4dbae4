/**
 * createIm(deps): the IM door, built from closures. Each concern is its own module with a narrow context
 * (connection.ts, messages.ts, conversations.ts, profiles.ts); this file wires them and returns the one object
 * the app uses. The SDK instance, its message objects and every piece of state stay inside these closures.
 */
import type { ChatSDK, Message } from 'tim-wx-sdk'
import { createAttachments } from './attachments'
import { createConnection } from './connection'
import { createConversations } from './conversations'
import { AppErrorCode, ImError } from './errors'
import { createEmitter } from './events'
import { createInstanceHolder, type SdkHandlers } from './instance'
import { createMessages, requirePeer } from './messages'
import { createProfiles } from './profiles'
import { createReadyGate } from './ready-gate'
import { createReplies } from './replies'
import type { Im, ImDeps, ImEventMap } from './types'
import { createTyping } from './typing'
import { createVoice } from './voice'

/** Past the SDK's own 15 s request timeout (its logout) plus its 1 s timer tick. */
const DESTROY_WAIT_CAP_MS = 20_000

export function createIm(deps: ImDeps): Im {
  const { stores, log, timers } = deps
  const lifecycle = () => deps.config().lifecycle
  const events = createEmitter<ImEventMap>(log)
  const gate = createReadyGate(timers)
  // The handlers are filled in below, once the modules that own them exist.
  const handlers: SdkHandlers = {}
  const instances = createInstanceHolder({
    loadSdk: deps.loadSdk,
    config: deps.config,
    handlers,
    log,
    timers,
    destroyWaitCapMs: DESTROY_WAIT_CAP_MS,
  })

  const access = {
    call: <T>(request: (tim: ChatSDK) => Promise<T>) => connection.call(request),
    isCurrent: (tim: ChatSDK) => connection.isCurrent(tim),
    userID: () => connection.userID(),
  }
  const messages = createMessages({ ...access, stores, now: deps.now, log })
  const voice = createVoice({ send: messages.send })
  const replies = createReplies({ send: messages.send, sdkMessage: messages.sdkMessage })
  const typing = createTyping({ ...access, stores, now: deps.now, timers, log })
  const conversations = createConversations({
    ...access,
    stores,
    readSdkCache: deps.readSdkCache,
    readReceiptIntervalMs: () => lifecycle().readReceiptIntervalMs,
    now: deps.now,
    timers,
    log,
  })
  const profiles = createProfiles({ ...access, stores, log })
  const connection = createConnection({
    instances,
    gate,
    events,
    stores,
    network: deps.network,
    lifecycle,
    log,
    now: deps.now,
    timers,
    beforeResume: (credentials) => conversations.showCached(credentials),
    afterReady: (live) => {
      void conversations.loadAfterReady(live.tim)
      void profiles.loadMine(live.tim)
    },
    resync: async () => {
      await conversations.refresh()
      await messages.reloadActive()
    },
    forget: () => {
      messages.forget()
      typing.forget()
      conversations.forget(new ImError(AppErrorCode.LOGGED_OUT))
    },
  })

  Object.assign(
    handlers,
    connection.sdkHandlers,
    messages.sdkHandlers,
    conversations.sdkHandlers,
    profiles.sdkHandlers,
    {
      error: (data: { code: number; message: string }) =>
        log.warn('SDK error', data.code, data.message),
      // Typing signals are taken out before anything reaches the stores or the notify callback.
      onMessageReceived: (received: Message[]) =>
        messages.sdkHandlers.onMessageReceived(typing.filterReceived(received)),
    } satisfies SdkHandlers,
  )

  return {
    ...connection.api,
    ...messages.api,
    ...createAttachments({ send: messages.send, requirePeer }).api,
    sendTyping: typing.sendTyping,
    sendVoice: voice.sendVoice,
    ...replies,
    ...conversations.api,
    ...profiles.api,
    useUploadPlugin: instances.useUploadPlugin,
    on: events.on,
    get isReady() {
      return connection.isReady
    },
    diagnostics: () => ({
      ...connection.diagnostics(),
      pendingReadReports: conversations.pendingReadReports(),
    }),
  }
}
