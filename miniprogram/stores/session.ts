import type { Credentials, UserView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

/**
 * `loggingIn`: a login the user started, not ready yet. `resuming`: a session the app holds (restored at launch,
 * or reconnecting after being ready): the app shows its pages meanwhile. `ready`: SDK_READY.
 */
export type SessionStatus = 'loggedOut' | 'loggingIn' | 'resuming' | 'ready'

class SessionStore {
  user: UserView | null = null
  status: SessionStatus = 'loggedOut'
  credentials: Credentials | null = null
  /** Why the user was sent back to the login page (kick-out, expiry); '' after a normal logout. */
  lastLogoutReason = ''

  constructor() {
    makeAutoObservable(this, { user: observable.ref, credentials: observable.ref })
  }

  get isReady(): boolean {
    return this.status === 'ready'
  }

  get userID(): string {
    return this.user?.userID ?? ''
  }

  startLogin(credentials: Credentials, status: 'loggingIn' | 'resuming' = 'loggingIn'): void {
    this.credentials = credentials
    this.status = status
    this.lastLogoutReason = ''
  }

  updateCredentials(credentials: Credentials): void {
    this.credentials = credentials
  }

  markReady(user: UserView): void {
    this.user = user
    this.status = 'ready'
  }

  /** The SDK dropped out of ready (re-login after a UserSig expiry, reconnect with a new instance). */
  markNotReady(): void {
    if (this.status === 'ready') this.status = 'resuming'
  }

  setUser(user: UserView): void {
    this.user = user
  }

  reset(reason = ''): void {
    this.user = null
    this.credentials = null
    this.status = 'loggedOut'
    this.lastLogoutReason = reason
  }

  clearLogoutReason(): void {
    this.lastLogoutReason = ''
  }
}

export const sessionStore = new SessionStore()
export type { SessionStore }
