/**
 * The part of tim-wx-sdk@2.27.6 this app uses. The package ships no types; every name and value
 * here was read from the SDK's own EVENT / TYPES tables and message classes at run time.
 * The module is CommonJS (`module.exports = TIM`); with esModuleInterop the default export is it.
 */
declare module 'tim-wx-sdk' {
  export type ConversationType = 'C2C' | 'GROUP' | 'TOPIC' | '@TIM#SYSTEM'
  export type MessageFlow = 'in' | 'out'
  /** `unSend` while the send is in flight. */
  export type MessageStatus = 'unSend' | 'success' | 'fail'
  export type NetState = 'connected' | 'connecting' | 'disconnected'
  export type KickedOutType =
    'multipleAccount' | 'multipleDevice' | 'userSigExpired' | 'REST_API_Kick'

  export interface TextPayload {
    text: string
  }
  export interface ImageInfo {
    /** 0 original, 1 big, 2 thumbnail. */
    type: number
    url: string
    width: number
    height: number
    size: number
  }
  export interface ImagePayload {
    imageFormat: number | string
    uuid: string
    imageInfoArray: ImageInfo[]
  }
  export interface CustomPayload {
    data: string
    description: string
    extension: string
  }
  export interface FacePayload {
    index: number
    data: string
  }

  export interface Message {
    ID: string
    type: string
    payload: TextPayload | ImagePayload | CustomPayload | FacePayload | Record<string, unknown>
    conversationID: string
    conversationType: ConversationType
    to: string
    from: string
    flow: MessageFlow
    /** Seconds since the epoch (server time once sent). */
    time: number
    clientTime: number
    sequence: number
    random: number
    status: MessageStatus
    isRevoked: boolean
    isPeerRead: boolean
    isRead: boolean
    isResend: boolean
    isDeleted: boolean
    nick: string
    avatar: string
    cloudCustomData: string
  }

  export interface LastMessage {
    /** Seconds since the epoch. */
    lastTime: number
    lastSequence: number
    fromAccount: string
    messageForShow: string
    type: string
    payload: Message['payload'] | null
    isRevoked: boolean
    isPeerRead: boolean
  }

  export interface Profile {
    userID: string
    nick: string
    avatar: string
    selfSignature: string
    gender?: string
    lastUpdatedTime?: number
  }

  export interface Conversation {
    conversationID: string
    type: ConversationType
    unreadCount: number
    /** Seconds since the epoch: the time the peer had read up to. */
    peerReadTime: number
    isPinned: boolean
    lastMessage: LastMessage
    userProfile?: Profile
  }

  /** What every SDK promise resolves with. */
  export interface Response<T> {
    code: number
    data: T
  }
  /** What every SDK promise rejects with. */
  export interface SdkError extends Error {
    code: number
    message: string
    data?: { message?: Message }
  }

  export interface LoginResult {
    actionStatus?: string
    errorCode?: number
    errorInfo?: string
    repeatLogin?: boolean
  }

  export interface GetMessageListResult {
    messageList: Message[]
    nextReqMessageID: string
    isCompleted: boolean
  }

  export interface EventPayloads {
    sdkStateReady: undefined
    sdkStateNotReady: undefined
    onMessageReceived: Message[]
    onMessageRevoked: Message[]
    onMessageReadByPeer: Message[]
    onConversationListUpdated: Conversation[]
    onTotalUnreadMessageCountUpdated: number
    onProfileUpdated: Profile[]
    onFriendListUpdated: unknown[]
    kickedOut: { type: KickedOutType }
    error: { code: number; message: string }
    netStateChange: { state: NetState }
    sdkReload: undefined
    sdkDestroy: undefined
  }
  export type EventName = keyof EventPayloads
  export interface SdkEvent<N extends EventName> {
    name: N
    data: EventPayloads[N]
  }
  export type EventHandler<N extends EventName> = (event: SdkEvent<N>) => void

  export interface CreateOptions {
    SDKAppID: number
    /** Local development only: the local IM's ws:// address. Never set in production. */
    proxyServer?: string
  }

  export interface CreateTextMessageOptions {
    to: string
    conversationType: ConversationType
    payload: TextPayload
    /** Carried with the message as it is (a quoted message in TUIKit's `messageReply` JSON). */
    cloudCustomData?: string
  }
  export interface MiniProgramTempFile {
    tempFilePath: string
    path?: string
    size?: number
  }
  export interface CreateImageMessageOptions {
    to: string
    conversationType: ConversationType
    payload: { file: { tempFiles: MiniProgramTempFile[] } }
    onProgress?: (percent: number) => void
  }
  /** One of wx.chooseMedia's tempFiles for a video (duration in seconds). */
  export interface MiniProgramVideoFile {
    tempFilePath: string
    size: number
    duration: number
    width?: number
    height?: number
  }
  export interface CreateVideoMessageOptions {
    to: string
    conversationType: ConversationType
    payload: { file: { tempFiles: MiniProgramVideoFile[] } }
    /** Upload progress, 0–1. */
    onProgress?: (percent: number) => void
  }
  /** One of wx.chooseMessageFile's tempFiles. */
  export interface MiniProgramMessageFile {
    path: string
    size: number
    name: string
    type: string
  }
  export interface CreateFileMessageOptions {
    to: string
    conversationType: ConversationType
    payload: { file: { tempFiles: MiniProgramMessageFile[] } }
    /** Upload progress, 0–1. */
    onProgress?: (percent: number) => void
  }

  export interface CreateCustomMessageOptions {
    to: string
    conversationType: ConversationType
    payload: CustomPayload
    cloudCustomData?: string
  }
  /** RecorderManager.onStop's result, as the SDK reads it (duration in ms). */
  export interface RecordedAudioFile {
    tempFilePath: string
    duration: number
    fileSize: number
  }
  export interface CreateAudioMessageOptions {
    to: string
    conversationType: ConversationType
    payload: { file: RecordedAudioFile }
    onProgress?: (percent: number) => void
  }
  /** A copy of `payload`'s first element as a new message to `to` (the SDK's "逐条转发"). */
  export interface CreateForwardMessageOptions {
    to: string
    conversationType: ConversationType
    payload: Message
    /** Replaces the forwarded message's own cloudCustomData when not empty. */
    cloudCustomData?: string
  }
  export interface SendMessageOptions {
    /** Delivered to the peer's online sessions only: not stored, not in history or unread. */
    onlineUserOnly?: boolean
  }

  export interface UpdateMyProfileOptions {
    nick?: string
    avatar?: string
    selfSignature?: string
  }

  export interface ChatSDK {
    login(options: { userID: string; userSig: string }): Promise<Response<LoginResult>>
    logout(): Promise<Response<unknown>>
    /** Logs out, stops the instance's timers and socket, then emits SDK_DESTROY (TIM.create forgets it then). */
    destroy(): Promise<unknown>
    isReady(): boolean
    on<N extends EventName>(name: N, handler: EventHandler<N>, context?: unknown): void
    off<N extends EventName>(name: N, handler: EventHandler<N>, context?: unknown): void
    setLogLevel(level: 0 | 1 | 2 | 3 | 4): void
    registerPlugin(plugins: Record<string, unknown>): void

    createTextMessage(options: CreateTextMessageOptions): Message
    createImageMessage(options: CreateImageMessageOptions): Message
    createVideoMessage(options: CreateVideoMessageOptions): Message
    createFileMessage(options: CreateFileMessageOptions): Message
    createCustomMessage(options: CreateCustomMessageOptions): Message
    createAudioMessage(options: CreateAudioMessageOptions): Message
    createForwardMessage(options: CreateForwardMessageOptions): Message
    sendMessage(
      message: Message,
      options?: SendMessageOptions,
    ): Promise<Response<{ message: Message }>>
    resendMessage(message: Message): Promise<Response<{ message: Message }>>
    revokeMessage(message: Message): Promise<Response<{ message: Message }>>
    deleteMessage(messages: Message[]): Promise<Response<{ messageList: Message[] }>>
    getMessageList(options: {
      conversationID: string
      nextReqMessageID?: string
      count?: number
    }): Promise<Response<GetMessageListResult>>
    setMessageRead(options: { conversationID: string }): Promise<Response<unknown>>

    getConversationList(): Promise<Response<{ conversationList: Conversation[] }>>
    getConversationProfile(
      conversationID: string,
    ): Promise<Response<{ conversation: Conversation }>>
    deleteConversation(conversationID: string): Promise<Response<{ conversationID: string }>>
    pinConversation(options: {
      conversationID: string
      isPinned: boolean
    }): Promise<Response<{ conversationID: string }>>

    getMyProfile(): Promise<Response<Profile>>
    getUserProfile(options: { userIDList: string[] }): Promise<Response<Profile[]>>
    updateMyProfile(options: UpdateMyProfileOptions): Promise<Response<Profile>>
  }

  export interface TimStatic {
    create(options: CreateOptions): ChatSDK
    VERSION: string
    EVENT: {
      SDK_READY: 'sdkStateReady'
      SDK_NOT_READY: 'sdkStateNotReady'
      SDK_DESTROY: 'sdkDestroy'
      SDK_RELOAD: 'sdkReload'
      MESSAGE_RECEIVED: 'onMessageReceived'
      MESSAGE_REVOKED: 'onMessageRevoked'
      MESSAGE_READ_BY_PEER: 'onMessageReadByPeer'
      CONVERSATION_LIST_UPDATED: 'onConversationListUpdated'
      TOTAL_UNREAD_MESSAGE_COUNT_UPDATED: 'onTotalUnreadMessageCountUpdated'
      PROFILE_UPDATED: 'onProfileUpdated'
      FRIEND_LIST_UPDATED: 'onFriendListUpdated'
      KICKED_OUT: 'kickedOut'
      ERROR: 'error'
      NET_STATE_CHANGE: 'netStateChange'
    }
    TYPES: {
      MSG_TEXT: 'TIMTextElem'
      MSG_IMAGE: 'TIMImageElem'
      MSG_SOUND: 'TIMSoundElem'
      MSG_FILE: 'TIMFileElem'
      MSG_FACE: 'TIMFaceElem'
      MSG_VIDEO: 'TIMVideoFileElem'
      MSG_CUSTOM: 'TIMCustomElem'
      CONV_C2C: 'C2C'
      KICKED_OUT_MULT_ACCOUNT: 'multipleAccount'
      KICKED_OUT_MULT_DEVICE: 'multipleDevice'
      KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired'
      KICKED_OUT_REST_API: 'REST_API_Kick'
      NET_STATE_CONNECTED: 'connected'
      NET_STATE_CONNECTING: 'connecting'
      NET_STATE_DISCONNECTED: 'disconnected'
    }
  }

  const TIM: TimStatic
  export default TIM
}
