// The events the host's parts tell each other about.
import type { ExceptionEntry, LogEntry } from './console'
import type { PageEntry } from './page-stack'

export interface HostEventMap {
  [name: string]: unknown[]
  log: [LogEntry]
  exception: [ExceptionEntry]
  pageChanged: [PageEntry]
  appShow: [Record<string, unknown>]
  appHide: []
  network: [{ isConnected: boolean; networkType: string }]
  theme: [{ theme: 'light' | 'dark' }]
}
