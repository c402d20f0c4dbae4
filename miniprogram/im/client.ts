/**
 * The only code that touches tim-wx-sdk. One SDK instance at a time, created on first login;
 * its events are registered once per instance and turned into store actions here. Pages get
 * plain frozen views through the stores and swap their notify callbacks freely.
 */
import type {
  ChatSDK,
  Conversation,
  EventHandler,
  EventName,
  KickedOutType,
  Message,
  NetState,
  Profile,
  TimStatic,
} from 'tim-wx-sdk'
import { getConfig } from '../config/index'
import {
  c2cConversationID,
  isC2CConversationID,
  toConversationView,
  toMessageView,
  toMyProfileView,
  toUserView,
} from '../models/mapping'
import type { ConversationView, Credentials, MessageView, UserView } from '../models/types'
import { REVOKE_WINDOW_MS } from '../models/format'
import { api } from '../services/api'
import { clearCredentials, saveCredentials } from '../services/credentials'
import { LOGIN_PAGE, reLaunch } from '../services/ui'
import {
  chatStore,
  conversationStore,
  networkStore,
  profileStore,
  resetAllStores,
  sessionStore,
} from '../stores/index'
import { runInAction } from '../stores/mobx'
import { AppErrorCode, ErrorCode, ImError, isSigExpiredCode, toImError } from './errors'
import { loadTimSdk, loadUploadPlugin } from './sdk'

export type MessageNotifyCallback = (messages: readonly MessageView[]) => void
export type Unsubscribe = () => void

export interface ImTimeouts {
  /** How long a call made before SDK_READY waits for it. */
  readyWaitMs: number
  /** How long login waits for SDK_READY after tim.login resolved. */
  loginReadyMs: number
}

export const HISTORY_PAGE_SIZE = 15
const MAX_TEXT_LENGTH = 8000

export const KICKED_OUT_REASONS: Record<Exclude<KickedOutType, 'userSigExpired'>, string> = {
  multipleAccount: '您的账号已在其他页面登录，当前页面已下线',
  multipleDevice: '您的账号已在其他设备登录，您已被迫下线',
  REST_API_Kick: '您已被管理员强制下线，请重新登录',
}
export const SIG_EXPIRED_REASON = '登录已过期，请重新登录'

interface ReadyWaiter {
  resolve: () => void
  reject: (error: ImError) => void
  timer: ReturnType<typeof setTimeout>
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function validateCredentials(credentials: Partial<Credentials> | null | undefined): Credentials {
  if (
    !credentials ||
    !isNonEmptyString(credentials.userID) ||
    !isNonEmptyString(credentials.userSig) ||
    typeof credentials.sdkAppID !== 'number' ||
    !Number.isFinite(credentials.sdkAppID) ||
    credentials.sdkAppID <= 0
  ) {
    const missing = !credentials
      ? 'credentials'
      : !isNonEmptyString(credentials.userID)
        ? 'userID'
        : !isNonEmptyString(credentials.userSig)
          ? 'userSig'
          : 'sdkAppID'
    throw new ImError(AppErrorCode.MISSING_CREDENTIALS, `missing ${missing}`)
  }
  return credentials as Credentials
}

/** How long logout waits for the SDK's own logout request before dropping the instance anyway. */
const DESTROY_WAIT_MS = 3_000

export class ImClient {
  private sdkStatic: TimStatic | null = null
  private tim: ChatSDK | null = null
  private timAppID = 0
  private ready = false
  private loginPromise: Promise<void> | null = null
  private loginUserID = ''
  private readyWaiters = new Set<ReadyWaiter>()
  private readonly notifyCallbacks = new Set<MessageNotifyCallback>()
  /** The SDK's own message objects, needed to resend, recall and delete. Never leaves this class. */
  private readonly sdkMessages = new Map<string, Message>()
  private readonly historyLoads = new Map<string, Promise<void>>()
  private sigRefreshUsed = false
  private loggingOut: Promise<void> | null = null
  private timeouts: ImTimeouts = { readyWaitMs: 15_000, loginReadyMs: 30_000 }
  private readonly now: () => number

  /** Bound once, so `off` gets the very functions `on` got. */
  private readonly handlers: { [N in EventName]?: EventHandler<N> } = {
    sdkStateReady: () => this.handleReady(),
    sdkStateNotReady: () => this.handleNotReady(),
    netStateChange: (event) => this.handleNetState(event.data.state),
    kickedOut: (event) => void this.handleKickedOut(event.data.type),
    onMessageReceived: (event) => this.handleMessagesReceived(event.data),
    onMessageRevoked: (event) => this.handleMessagesChanged(event.data),
    onMessageReadByPeer: (event) => this.handleReadByPeer(event.data),
    onConversationListUpdated: (event) => this.handleConversationList(event.data),
    onProfileUpdated: (event) => this.handleProfiles(event.data),
    error: (event) => console.warn('tim error', event.data.code, event.data.message),
  }

  constructor(now: () => number = Date.now) {
    this.now = now
  }

  setTimeouts(timeouts: Partial<ImTimeouts>): void {
    this.timeouts = { ...this.timeouts, ...timeouts }
  }

  get isReady(): boolean {
    return this.ready
  }

  /** For tests and diagnostics: the live SDK instance, if any. */
  get sdkInstance(): ChatSDK | null {
    return this.tim
  }

  // ---------------------------------------------------------------- login lifecycle

  /**
   * Logs in and resolves only at SDK_READY. Concurrent calls for the same user share one
   * attempt; a call while already ready for that user resolves at once (the SDK's repeatLogin).
   */
  login(credentials: Credentials): Promise<void> {
    let valid: Credentials
    try {
      valid = validateCredentials(credentials)
    } catch (error) {
      return Promise.reject(error)
    }
    if (this.loginPromise && this.loginUserID === valid.userID) return this.loginPromise
    if (
      this.ready &&
      this.tim &&
      this.loginUserID === valid.userID &&
      this.timAppID === valid.sdkAppID
    ) {
      runInAction(() => sessionStore.updateCredentials(valid))
      return Promise.resolve()
    }
    const attempt = this.switchUserThenLogin(valid)
    const shared = attempt.finally(() => {
      if (this.loginPromise === shared) this.loginPromise = null
    })
    this.loginPromise = shared
    this.loginUserID = valid.userID
    runInAction(() => {
      sessionStore.startLogin(valid)
      networkStore.setConnection('connecting')
    })
    return shared
  }

  private async switchUserThenLogin(credentials: Credentials): Promise<void> {
    if (this.loggingOut) await this.loggingOut
    const previous = this.tim
    if (previous && (this.timAppID !== credentials.sdkAppID || this.ready)) {
      // Another account (or app) is signed in: leave it completely before signing in again.
      await this.disposeSdk()
    }
    try {
      await this.performLogin(credentials, true)
    } catch (error) {
      const imError = toImError(error)
      if (this.loginUserID === credentials.userID) {
        runInAction(() => {
          sessionStore.reset(imError.message)
          networkStore.reset()
        })
      }
      throw imError
    }
  }

  private async performLogin(credentials: Credentials, mayRefreshSig: boolean): Promise<void> {
    const tim = this.ensureSdk(credentials.sdkAppID)
    const readyPromise = this.ready
      ? Promise.resolve()
      : this.waitForReady(this.timeouts.loginReadyMs)
    // Login may fail before SDK_READY ever comes: keep the waiter from reporting an unhandled rejection.
    readyPromise.catch(() => undefined)
    try {
      await tim.login({ userID: credentials.userID, userSig: credentials.userSig })
    } catch (error) {
      const imError = toImError(error)
      if (mayRefreshSig && isSigExpiredCode(imError.code)) {
        const refreshed = await this.refreshCredentials(credentials)
        return this.performLogin(refreshed, false)
      }
      this.rejectReadyWaiters(imError)
      throw imError
    }
    await readyPromise
  }

  private async refreshCredentials(current: Credentials): Promise<Credentials> {
    const fresh = await api.refreshUserSig()
    const next: Credentials = Object.freeze({ ...current, ...fresh })
    saveCredentials(next)
    runInAction(() => sessionStore.updateCredentials(next))
    return next
  }

  /** Logs out, destroys the SDK instance and empties the stores. Safe to call when logged out. */
  logout(reason = ''): Promise<void> {
    if (this.loggingOut) return this.loggingOut
    const done = (async () => {
      this.rejectReadyWaiters(new ImError(AppErrorCode.LOGGED_OUT))
      this.loginPromise = null
      this.loginUserID = ''
      await this.disposeSdk()
      resetAllStores(reason)
    })()
    this.loggingOut = done.finally(() => {
      this.loggingOut = null
    })
    return this.loggingOut
  }

  private ensureSdk(sdkAppID: number): ChatSDK {
    if (this.tim && this.timAppID === sdkAppID) return this.tim
    if (!this.sdkStatic) this.sdkStatic = loadTimSdk()
    const config = getConfig()
    const tim = this.sdkStatic.create(
      config.imProxyServer
        ? { SDKAppID: sdkAppID, proxyServer: config.imProxyServer }
        : { SDKAppID: sdkAppID },
    )
    tim.setLogLevel(config.sdkLogLevel)
    tim.registerPlugin({ 'tim-upload-plugin': loadUploadPlugin() })
    for (const name of Object.keys(this.handlers) as EventName[]) {
      tim.on(name, this.handlers[name] as EventHandler<typeof name>, this)
    }
    this.tim = tim
    this.timAppID = sdkAppID
    return tim
  }

  private async disposeSdk(): Promise<void> {
    const tim = this.tim
    if (!tim) return
    for (const name of Object.keys(this.handlers) as EventName[]) {
      tim.off(name, this.handlers[name] as EventHandler<typeof name>, this)
    }
    this.tim = null
    this.timAppID = 0
    this.ready = false
    this.sdkMessages.clear()
    this.historyLoads.clear()
    // destroy() logs out first and rejects (2024) when there was no session; the instance is gone either way.
    // After a REST kick the server no longer answers that logout, so the wait is bounded.
    const destroyed = tim.destroy().catch(() => undefined)
    let timer: ReturnType<typeof setTimeout> | undefined
    const giveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DESTROY_WAIT_MS)
    })
    await Promise.race([destroyed, giveUp])
    if (timer !== undefined) clearTimeout(timer)
  }

  private waitForReady(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: ReadyWaiter = {
        resolve: () => {
          clearTimeout(waiter.timer)
          this.readyWaiters.delete(waiter)
          resolve()
        },
        reject: (error) => {
          clearTimeout(waiter.timer)
          this.readyWaiters.delete(waiter)
          reject(error)
        },
        timer: setTimeout(() => waiter.reject(new ImError(AppErrorCode.READY_TIMEOUT)), timeoutMs),
      }
      this.readyWaiters.add(waiter)
    })
  }

  private rejectReadyWaiters(error: ImError): void {
    for (const waiter of [...this.readyWaiters]) waiter.reject(error)
  }

  /** The SDK, once ready. Calls made while logging in wait (bounded) instead of failing. */
  private async readySdk(): Promise<ChatSDK> {
    if (this.ready && this.tim) return this.tim
    if (sessionStore.status === 'loggedOut' && !this.loginPromise) {
      throw new ImError(AppErrorCode.NOT_LOGGED_IN)
    }
    await this.waitForReady(this.timeouts.readyWaitMs)
    if (!this.tim) throw new ImError(AppErrorCode.NOT_LOGGED_IN)
    return this.tim
  }

  // ---------------------------------------------------------------- SDK events

  private handleReady(): void {
    this.ready = true
    this.sigRefreshUsed = false
    const userID = this.loginUserID
    runInAction(() => {
      sessionStore.markReady(
        sessionStore.user?.userID === userID
          ? sessionStore.user
          : toUserView({ userID, nick: '', avatar: '' }),
      )
      networkStore.setConnection('connected')
    })
    for (const waiter of [...this.readyWaiters]) waiter.resolve()
    void this.loadAfterReady()
  }

  private async loadAfterReady(): Promise<void> {
    const tim = this.tim
    if (!tim) return
    try {
      const [profile, conversations] = await Promise.all([
        tim.getMyProfile(),
        tim.getConversationList(),
      ])
      if (tim !== this.tim) return
      this.handleProfiles([profile.data])
      this.handleConversationList(conversations.data.conversationList)
    } catch (error) {
      console.warn('loading profile and conversations after SDK_READY failed', error)
    }
  }

  private handleNotReady(): void {
    this.ready = false
    runInAction(() => {
      sessionStore.markNotReady()
      networkStore.setConnection(this.loginPromise ? 'connecting' : 'disconnected')
    })
  }

  private handleNetState(state: NetState): void {
    runInAction(() => networkStore.setConnection(state))
  }

  private async handleKickedOut(type: KickedOutType): Promise<void> {
    if (type !== 'userSigExpired') {
      await this.forceLogout(KICKED_OUT_REASONS[type] ?? '您已下线，请重新登录')
      return
    }
    const credentials = sessionStore.credentials
    if (this.sigRefreshUsed || !credentials) {
      await this.forceLogout(SIG_EXPIRED_REASON)
      return
    }
    this.sigRefreshUsed = true
    this.ready = false
    runInAction(() => {
      sessionStore.markNotReady()
      networkStore.setConnection('connecting')
    })
    const relogin = (async () => {
      const fresh = await this.refreshCredentials(credentials)
      await this.performLogin(fresh, false)
    })()
    const shared = relogin.finally(() => {
      if (this.loginPromise === shared) this.loginPromise = null
    })
    this.loginPromise = shared
    try {
      await shared
    } catch (error) {
      console.warn('silent re-login after UserSig expiry failed', error)
      await this.forceLogout(SIG_EXPIRED_REASON)
    }
  }

  /** Kicked out for good: forget the stored session, empty the stores, back to the login page. */
  private async forceLogout(reason: string): Promise<void> {
    clearCredentials()
    await this.logout(reason)
    try {
      await reLaunch(LOGIN_PAGE)
    } catch (error) {
      console.warn('reLaunch to the login page failed', error)
    }
  }

  private remember(messages: readonly Message[]): void {
    for (const message of messages) this.sdkMessages.set(message.ID, message)
  }

  private viewsByConversation(messages: readonly Message[]): Map<string, MessageView[]> {
    const now = this.now()
    const grouped = new Map<string, MessageView[]>()
    for (const message of messages) {
      if (!isC2CConversationID(message.conversationID)) continue
      const list = grouped.get(message.conversationID) ?? []
      list.push(toMessageView(message, now))
      grouped.set(message.conversationID, list)
    }
    return grouped
  }

  private handleMessagesReceived(messages: readonly Message[]): void {
    this.remember(messages)
    const grouped = this.viewsByConversation(messages)
    runInAction(() => {
      for (const [conversationID, views] of grouped) chatStore.upsertMessages(conversationID, views)
    })
    const active = chatStore.activeConversationID
    if (active && grouped.get(active)?.some((view) => view.flow === 'in')) {
      void this.markConversationRead(active).catch((error: unknown) =>
        console.warn('marking the open conversation read failed', error),
      )
    }
    const all = [...grouped.values()].flat()
    if (all.length === 0) return
    for (const callback of [...this.notifyCallbacks]) {
      try {
        callback(all)
      } catch (error) {
        console.error('message notify callback failed', error)
      }
    }
  }

  private handleMessagesChanged(messages: readonly Message[]): void {
    this.remember(messages)
    const grouped = this.viewsByConversation(messages)
    runInAction(() => {
      for (const [conversationID, views] of grouped) chatStore.upsertMessages(conversationID, views)
    })
  }

  private handleReadByPeer(messages: readonly Message[]): void {
    this.handleMessagesChanged(messages)
    runInAction(() => {
      for (const message of messages) {
        chatStore.setPeerReadTime(message.conversationID, message.time * 1000)
      }
    })
  }

  private handleConversationList(conversations: readonly Conversation[]): void {
    const myUserID = this.loginUserID
    const now = this.now()
    const views = conversations
      .map((conversation) => toConversationView(conversation, myUserID, now))
      .filter((view): view is ConversationView => view !== null)
    runInAction(() => {
      conversationStore.setAll(views)
      for (const conversation of conversations) {
        if (conversation.peerReadTime > 0) {
          chatStore.setPeerReadTime(conversation.conversationID, conversation.peerReadTime * 1000)
        }
      }
    })
  }

  private handleProfiles(profiles: readonly Profile[]): void {
    const mine = profiles.find((profile) => profile.userID === this.loginUserID)
    if (!mine) return
    const view = toMyProfileView(mine)
    runInAction(() => {
      profileStore.setMe(view)
      sessionStore.setUser(toUserView(view))
    })
  }

  // ---------------------------------------------------------------- page API

  /** Registers a page's new-message callback; the returned function removes exactly that callback. */
  onMessageNotify(callback: MessageNotifyCallback): Unsubscribe {
    this.notifyCallbacks.add(callback)
    return () => {
      this.notifyCallbacks.delete(callback)
    }
  }

  get notifyCallbackCount(): number {
    return this.notifyCallbacks.size
  }

  /** Makes the chat with `peerID` the open one: loads its first page and marks it read. */
  async openConversation(peerID: string): Promise<string> {
    if (!isNonEmptyString(peerID))
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'peerID', '请选择聊天对象')
    const conversationID = c2cConversationID(peerID.trim())
    runInAction(() => chatStore.setActiveConversation(conversationID))
    const state = chatStore.stateOf(conversationID)
    if (!state.isCompleted && state.nextReqMessageID === '')
      await this.loadMoreMessages(conversationID)
    await this.markConversationRead(conversationID)
    return conversationID
  }

  /** The chat page was closed: its incoming messages no longer count as read. */
  closeConversation(conversationID: string): void {
    if (chatStore.activeConversationID === conversationID) {
      runInAction(() => chatStore.setActiveConversation(''))
    }
  }

  /** The next older page of 15; concurrent calls for one conversation share a request. */
  loadMoreMessages(conversationID: string): Promise<void> {
    const running = this.historyLoads.get(conversationID)
    if (running) return running
    const load = this.loadHistoryPage(conversationID).finally(() => {
      if (this.historyLoads.get(conversationID) === load) this.historyLoads.delete(conversationID)
    })
    this.historyLoads.set(conversationID, load)
    return load
  }

  private async loadHistoryPage(conversationID: string): Promise<void> {
    const state = chatStore.stateOf(conversationID)
    if (state.isCompleted) return
    const tim = await this.readySdk()
    try {
      const response = await tim.getMessageList({
        conversationID,
        count: HISTORY_PAGE_SIZE,
        ...(state.nextReqMessageID ? { nextReqMessageID: state.nextReqMessageID } : {}),
      })
      if (tim !== this.tim) return
      const { messageList, nextReqMessageID, isCompleted } = response.data
      this.remember(messageList)
      const now = this.now()
      const views = messageList.map((message) => toMessageView(message, now))
      // The SDK sets isCompleted only from the server's Complete flag; pages it serves from its own
      // cache (messages received live) never carry it, so an empty older page is the end too.
      const reachedStart = Boolean(isCompleted) || messageList.length === 0
      runInAction(() =>
        chatStore.prependHistory(conversationID, views, nextReqMessageID || '', reachedStart),
      )
    } catch (error) {
      throw toImError(error)
    }
  }

  async markConversationRead(conversationID: string): Promise<void> {
    runInAction(() => conversationStore.markRead(conversationID))
    const tim = await this.readySdk()
    try {
      await tim.setMessageRead({ conversationID })
    } catch (error) {
      throw toImError(error)
    }
  }

  private async send(message: Message, resend: boolean): Promise<MessageView> {
    const tim = await this.readySdk()
    this.remember([message])
    this.storeMessage(message)
    try {
      const response = resend ? await tim.resendMessage(message) : await tim.sendMessage(message)
      const sent = response.data.message
      this.remember([sent])
      return this.storeMessage(sent)
    } catch (error) {
      // The SDK marks the message failed on its own object; show that state, keep it resendable.
      this.storeMessage(message)
      throw toImError(error)
    }
  }

  private storeMessage(message: Message): MessageView {
    const view = toMessageView(message, this.now())
    runInAction(() => chatStore.upsertMessages(message.conversationID, [view]))
    return view
  }

  async sendText(peerID: string, text: string): Promise<MessageView> {
    if (!isNonEmptyString(peerID))
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'peerID', '请选择聊天对象')
    if (typeof text !== 'string' || text.trim() === '') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'text', '不能发送空白消息')
    }
    if (text.length > MAX_TEXT_LENGTH) {
      throw new ImError(
        AppErrorCode.INVALID_ARGUMENT,
        'text',
        `消息太长，最多 ${MAX_TEXT_LENGTH} 字`,
      )
    }
    const tim = await this.readySdk()
    const message = tim.createTextMessage({
      to: peerID.trim(),
      conversationType: 'C2C',
      payload: { text },
    })
    return this.send(message, false)
  }

  async sendImage(peerID: string, filePath: string, size?: number): Promise<MessageView> {
    if (!isNonEmptyString(peerID))
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'peerID', '请选择聊天对象')
    if (!isNonEmptyString(filePath))
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'filePath', '请选择图片')
    const tim = await this.readySdk()
    const message = tim.createImageMessage({
      to: peerID.trim(),
      conversationType: 'C2C',
      payload: {
        file: {
          tempFiles: [{ tempFilePath: filePath, path: filePath, ...(size ? { size } : {}) }],
        },
      },
    })
    return this.send(message, false)
  }

  private sdkMessage(messageID: string): Message {
    const message = this.sdkMessages.get(messageID)
    if (!message)
      throw new ImError(AppErrorCode.MESSAGE_NOT_FOUND, messageID, '消息不存在或已被删除')
    return message
  }

  async resend(messageID: string): Promise<MessageView> {
    const message = this.sdkMessage(messageID)
    if (message.flow !== 'out' || message.status !== 'fail') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, messageID, '只有发送失败的消息可以重发')
    }
    return this.send(message, true)
  }

  async revoke(messageID: string): Promise<void> {
    const message = this.sdkMessage(messageID)
    if (message.flow !== 'out' || message.status !== 'success') {
      throw new ImError(AppErrorCode.INVALID_ARGUMENT, messageID, '只能撤回自己已发送的消息')
    }
    if (this.now() - message.time * 1000 >= REVOKE_WINDOW_MS) {
      throw new ImError(ErrorCode.REVOKE_TIME_LIMIT_EXCEEDED, messageID)
    }
    const tim = await this.readySdk()
    try {
      const response = await tim.revokeMessage(message)
      this.remember([response.data.message])
      this.storeMessage(response.data.message)
    } catch (error) {
      throw toImError(error)
    }
  }

  async deleteMessage(messageID: string): Promise<void> {
    const message = this.sdkMessage(messageID)
    const conversationID = message.conversationID
    // A message that never reached the server only exists here.
    if (message.status !== 'success') {
      this.sdkMessages.delete(messageID)
      runInAction(() => chatStore.removeMessage(conversationID, messageID))
      return
    }
    const tim = await this.readySdk()
    try {
      await tim.deleteMessage([message])
    } catch (error) {
      throw toImError(error)
    }
    this.sdkMessages.delete(messageID)
    runInAction(() => chatStore.removeMessage(conversationID, messageID))
  }

  async deleteConversation(conversationID: string): Promise<void> {
    const tim = await this.readySdk()
    try {
      await tim.deleteConversation(conversationID)
    } catch (error) {
      throw toImError(error)
    }
    runInAction(() => {
      conversationStore.remove(conversationID)
      chatStore.clearConversation(conversationID)
    })
  }

  async pinConversation(conversationID: string, pinned: boolean): Promise<void> {
    const tim = await this.readySdk()
    try {
      await tim.pinConversation({ conversationID, isPinned: pinned })
    } catch (error) {
      throw toImError(error)
    }
    const current = conversationStore.byID(conversationID)
    if (current && current.pinned !== pinned) {
      runInAction(() => conversationStore.upsert(Object.freeze({ ...current, pinned })))
    }
  }

  async refreshConversations(): Promise<void> {
    const tim = await this.readySdk()
    try {
      const response = await tim.getConversationList()
      this.handleConversationList(response.data.conversationList)
    } catch (error) {
      throw toImError(error)
    }
  }

  async updateMyProfile(changes: { nick?: string; avatar?: string }): Promise<void> {
    const update: { nick?: string; avatar?: string } = {}
    if (changes.nick !== undefined) {
      const nick = changes.nick.trim()
      if (nick === '') throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'nick', '昵称不能为空')
      update.nick = nick
    }
    if (changes.avatar !== undefined) update.avatar = changes.avatar
    if (Object.keys(update).length === 0) return
    const tim = await this.readySdk()
    try {
      const response = await tim.updateMyProfile(update)
      this.handleProfiles([response.data])
    } catch (error) {
      throw toImError(error)
    }
  }

  /** Nicknames and avatars from the IM profiles (the app server only knows user IDs). */
  async fetchUserProfiles(userIDs: readonly string[]): Promise<UserView[]> {
    if (userIDs.length === 0) return []
    const tim = await this.readySdk()
    try {
      const response = await tim.getUserProfile({ userIDList: [...userIDs] })
      const byID = new Map(response.data.map((profile) => [profile.userID, profile]))
      return userIDs.map((userID) =>
        toUserView(byID.get(userID) ?? { userID, nick: '', avatar: '' }),
      )
    } catch (error) {
      throw toImError(error)
    }
  }

  /**
   * App.onShow: the socket may have died in the background. Refresh what the SDK can tell us;
   * the SDK reconnects by itself and NET_STATE_CHANGE keeps the banner honest meanwhile.
   */
  async resync(): Promise<void> {
    if (sessionStore.status === 'loggedOut' && !this.loginPromise) return
    await this.refreshConversations()
    const active = chatStore.activeConversationID
    if (active) {
      const tim = await this.readySdk()
      const response = await tim.getMessageList({
        conversationID: active,
        count: HISTORY_PAGE_SIZE,
      })
      if (tim !== this.tim) return
      this.remember(response.data.messageList)
      const now = this.now()
      const views = response.data.messageList.map((message) => toMessageView(message, now))
      runInAction(() => chatStore.upsertMessages(active, views))
      await this.markConversationRead(active)
    }
  }
}
