/** The IM door's public shape, the lifecycle events it emits, and the narrow things it needs from the app. */
import type { ChatSDK, KickedOutType, TimStatic } from 'tim-wx-sdk'
import type { LifecycleConfig, SdkLogLevel } from '../config/index'
import type { ChatStore } from '../stores/chat'
import type { ContactStore } from '../stores/contacts'
import type { ConversationStore } from '../stores/conversations'
import type { ConnectionState, NetworkStore } from '../stores/network'
import type { ProfileStore } from '../stores/profile'
import type { SessionStore } from '../stores/session'
import type {
  CardView,
  ConversationView,
  Credentials,
  MessageView,
  UserView,
} from '../models/types'
import type { PickedFile, PickedVideo, UploadProgress } from './attachments'

/** RecorderManager.onStop's result: a temp file of this phone, its length in ms and its size in bytes. */
export interface RecordedVoice {
  tempFilePath: string
  duration: number
  fileSize: number
}

export type MessageNotifyCallback = (messages: readonly MessageView[]) => void
/** Puts back the callback that was current before (seed 000's swap). Calling it twice does nothing. */
export type Restore = () => void
export type Unsubscribe = () => void

export type KickReason = KickedOutType
export type SessionEndReason = KickReason | 'authFailed'

/** What the IM door tells the layer above; that layer turns it into navigation, storage and server calls. */
export interface ImEventMap {
  ready: { userID: string }
  notReady: { userID: string }
  connection: { state: ConnectionState }
  /** Another login, a REST kick: the session is over (sessionEnded follows). */
  kicked: { reason: KickReason; message: string }
  /** The IM refused the UserSig once: hand a fresh one to updateCredentials, or the next refusal ends it. */
  credentialsRejected: { userID: string; code: number }
  /** Renew the UserSig now (updateCredentials), so an expiry needs no server call. */
  sigWillExpire: { userID: string; expireAt: number }
  /** The SDK instance is gone and the stores are empty; forget the saved session. */
  sessionEnded: { reason: SessionEndReason; message: string }
}
export type ImEventName = keyof ImEventMap

export interface ImDiagnostics {
  /** Increments with every SDK instance created; a fresh login after logout gets a new one. */
  generation: number
  /** An SDK instance is still being destroyed (its logout can take the SDK's 15 s request timeout). */
  disposing: boolean
  phase: string
  failedReconnects: number
  /** Conversations whose read report is scheduled or on its way. */
  pendingReadReports: number
}

/** What the user quotes: the message and its sender's name as the chat shows it. */
export interface QuoteTarget {
  messageID: string
  sender: string
}

export interface Im {
  // Lifecycle
  /** A login the user asked for: one bounded attempt, resolved at SDK_READY. */
  login(credentials: Credentials): Promise<void>
  /** A saved session: shows what is cached, then connects in the background as the network allows. */
  resume(credentials: Credentials): void
  /** A renewed UserSig for the current user; kept for the next (re)login. */
  updateCredentials(credentials: Credentials): void
  /** Logs out and waits until the SDK instance is destroyed. */
  logout(reason?: string): Promise<void>
  /** 重试: a fresh login with the held session. */
  retry(): void
  /** App.onShow: reconnect when given up or offline, refresh what may have changed in the background. */
  appShown(): Promise<void>
  /**
   * Hands the IM door tim-upload-plugin, which ships in the chat subpackage (only the chat uploads). Pictures,
   * voices, videos and files upload through it, on this SDK instance and every later one.
   */
  useUploadPlugin(plugin: unknown): void
  on<N extends ImEventName>(name: N, listener: (event: ImEventMap[N]) => void): Unsubscribe
  readonly isReady: boolean
  diagnostics(): ImDiagnostics

  // Messages
  setMessageNotify(callback: MessageNotifyCallback): Restore
  openConversation(peerID: string): Promise<string>
  closeConversation(conversationID: string): void
  loadMoreMessages(conversationID: string): Promise<void>
  sendText(peerID: string, text: string): Promise<MessageView>
  sendImage(peerID: string, filePath: string, size?: number): Promise<MessageView>
  /** A recording (RecorderManager.onStop's result) as a voice message; fails like sendText (发送失败, resend). */
  sendVoice(peerID: string, recorded: RecordedVoice): Promise<MessageView>
  /** A chooseMedia video (≤ 100 MB, ≤ 5 min, mp4/mov); `onProgress` gets the upload's whole percents. */
  sendVideo(peerID: string, video: PickedVideo, onProgress?: UploadProgress): Promise<MessageView>
  /** A chooseMessageFile file (≤ 100 MB, not empty); `onProgress` as for videos. */
  sendFile(peerID: string, file: PickedFile, onProgress?: UploadProgress): Promise<MessageView>
  /** A friend's profile card (custom message, businessID `user_card`). */
  sendCard(peerID: string, card: CardView): Promise<MessageView>
  /** A text quoting another message (cloudCustomData `messageReply`, TUIKit's shape). */
  sendReply(peerID: string, text: string, quote: QuoteTarget): Promise<MessageView>
  /** A copy of any message as a new message to `peerID`. */
  forward(messageID: string, peerID: string): Promise<MessageView>
  /** Tells the peer "正在输入…" (online only, at most one signal every few seconds; never fails). */
  sendTyping(peerID: string): void
  resend(messageID: string): Promise<MessageView>
  revoke(messageID: string): Promise<void>
  deleteMessage(messageID: string): Promise<void>

  // Conversations
  markConversationRead(conversationID: string): Promise<void>
  refreshConversations(): Promise<void>
  deleteConversation(conversationID: string): Promise<void>
  pinConversation(conversationID: string, pinned: boolean): Promise<void>

  // Profiles
  updateMyProfile(changes: { nick?: string; avatar?: string }): Promise<void>
  fetchUserProfiles(userIDs: readonly string[]): Promise<UserView[]>
}

/**
 * Runs `request` on the ready SDK; whatever it rejects with becomes an ImError. A request the UserSig's expiry
 * cut off runs once more after the silent re-login.
 */
export type SdkCall = <T>(request: (tim: ChatSDK) => Promise<T>) => Promise<T>

export interface Logger {
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

export interface NetworkWatch {
  isOnline(): Promise<boolean>
  watch(listener: (online: boolean) => void): Unsubscribe
  resubscribe(): void
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** The store actions the IM door calls; nothing else of the stores. */
export interface ImStores {
  session: Pick<
    SessionStore,
    | 'credentials'
    | 'user'
    | 'startLogin'
    | 'updateCredentials'
    | 'markReady'
    | 'markNotReady'
    | 'setUser'
    | 'reset'
  >
  network: Pick<NetworkStore, 'setConnection'>
  conversations: Pick<
    ConversationStore,
    'list' | 'byID' | 'setAll' | 'upsert' | 'remove' | 'markRead' | 'applyPeerProfiles'
  >
  chat: Pick<
    ChatStore,
    | 'activeConversationID'
    | 'stateOf'
    | 'setActiveConversation'
    | 'upsertMessages'
    | 'prependHistory'
    | 'removeMessage'
    | 'setPeerReadTime'
    | 'setPeerTyping'
    | 'clearConversation'
  >
  profile: Pick<ProfileStore, 'setMe'>
  contacts: Pick<ContactStore, 'applyProfiles'>
  /** Empties every store (logout, kick). */
  resetAll(reason: string): void
  /** Runs several store actions as one change. */
  batch(change: () => void): void
}

export interface ImDeps {
  loadSdk(): TimStatic
  config(): { imProxyServer?: string; sdkLogLevel: SdkLogLevel; lifecycle: LifecycleConfig }
  network: NetworkWatch
  log: Logger
  stores: ImStores
  /** tim-wx-sdk's own storage entry (its conversation cache), read as stored. */
  readSdkCache(key: string): unknown
  now(): number
  timers: Timers
}

export type { ConnectionState, ConversationView }
