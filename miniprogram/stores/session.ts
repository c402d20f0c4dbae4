import type { Credentials, UserView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

export type SessionStatus = 'loggedOut' | 'loggingIn' | 'ready'

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

  startLogin(credentials: Credentials): void {
    this.credentials = credentials
    this.status = 'loggingIn'
    this.lastLogoutReason = ''
  }

  updateCredentials(credentials: Credentials): void {
    this.credentials = credentials
  }

  markReady(user: UserView): void {
    this.user = user
    this.status = 'ready'
  }

  /** The SDK dropped out of ready (logout, kick, re-login in progress). */
  markNotReady(): void {
    if (this.status === 'ready') this.status = 'loggingIn'
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
