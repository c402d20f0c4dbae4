import { makeAutoObservable } from './mobx'

/**
 * What the connection banner shows. `offline`: the phone has no network (the app waits for it); `connecting` /
 * `disconnected`: the IM is (re)connecting; `failed`: the final state after the reconnect limits, with 重试.
 */
export type ConnectionState = 'connected' | 'connecting' | 'disconnected' | 'offline' | 'failed'

const BANNERS: Record<ConnectionState, string> = {
  connected: '',
  connecting: '连接中…',
  disconnected: '连接中断，正在重连…',
  offline: '网络不可用，请检查网络设置',
  failed: '连接已断开',
}

class NetworkStore {
  connection: ConnectionState = 'disconnected'

  constructor() {
    makeAutoObservable(this)
  }

  /** '' when connected: the banner hides itself on empty text. */
  get bannerText(): string {
    return BANNERS[this.connection]
  }

  /** The final state offers 重试. */
  get canRetry(): boolean {
    return this.connection === 'failed'
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
