import { makeAutoObservable } from './mobx'

export type ConnectionState = 'connected' | 'connecting' | 'disconnected'

export const BANNER_CONNECTING = '连接中…'
export const BANNER_DISCONNECTED = '网络连接已断开，正在等待网络恢复'

class NetworkStore {
  connection: ConnectionState = 'disconnected'

  constructor() {
    makeAutoObservable(this)
  }

  /** '' when connected: the banner hides itself on empty text. */
  get bannerText(): string {
    if (this.connection === 'connecting') return BANNER_CONNECTING
    if (this.connection === 'disconnected') return BANNER_DISCONNECTED
    return ''
  }

  setConnection(connection: ConnectionState): void {
    this.connection = connection
  }

  reset(): void {
    this.connection = 'disconnected'
  }
}

export const networkStore = new NetworkStore()
export type { NetworkStore }
