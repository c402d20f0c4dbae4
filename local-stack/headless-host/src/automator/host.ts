// What the automator server, its method handlers, the test controls and the live viewer's methods need from the
// rest of the host, declared here (the runtime and the renderer satisfy it; nothing here imports them).
import type { Project } from '../core/app-config'
import type { AppConsole } from '../core/console'
import type { Device } from '../core/device'
import type { Elements } from '../core/elements'
import type { TypedEvents } from '../core/events'
import type { HostEventMap } from '../core/host-events'
import type { Layout } from '../core/layout'
import type { MediaState } from '../core/media-state'
import type { PageEntry, PageStack } from '../core/page-stack'
import type { Permissions } from '../core/permissions'
import type { SetDataLedger } from '../core/setdata-ledger'
import type { Dialogs } from '../core/ui-state'
import type { WebSocket } from 'ws'
import type { Definition, FrameworkNode } from '../framework'
import type { Wx } from '../wx'

export interface AutomatorHost {
  project: Pick<Project, 'config' | 'entryRoute'>
  pages: Pick<
    PageStack,
    'pages' | 'current' | 'top' | 'find' | 'instances' | 'reLaunch' | 'navigateBack' | 'switchTab'
  >
  elements: Pick<Elements, 'get' | 'idOf' | 'entries'>
  wx: Pick<Wx, 'proxy' | 'implemented' | 'mocks' | 'isAsync'>
  app: Definition | undefined
  console: AppConsole
  events: Pick<TypedEvents<HostEventMap>, 'on' | 'off'>
  layout: Pick<Layout, 'scrollViewTo' | 'scrollMetrics'>
  dialogs: Dialogs
  device: Device
  media: MediaState
  permissions: Permissions
  setDataLedger: SetDataLedger
  sockets: { readonly size: number }
  isCustomComponent(node: FrameworkNode | undefined): boolean
  serializable(value: unknown): unknown
  settle(): Promise<void>
  windowHeight(): number
  report(error: unknown, context: string): void
  /** Calls a callback of the mini-program, reporting what it throws. */
  callSafely(fn: unknown, ...args: unknown[]): void
  enterBackground(): void
  enterForeground(): void
  setNetwork(online: boolean, type?: string): void
  setTheme(theme: 'light' | 'dark'): void
  /** The theme the app is drawn in (the system's only when the app follows it). */
  appTheme(): 'light' | 'dark'
}

export interface RenderedDocument {
  pageId: number
  route: string
  document: string
}

/** Pictures and layouts of the page (the renderer, with or without Chromium). */
export interface Pictures {
  render(entry?: PageEntry): RenderedDocument
  screenshot(entry?: PageEntry): Promise<Buffer>
  box(node: FrameworkNode): Promise<{ left: number; top: number; width: number; height: number }>
  styles(node: FrameworkNode, names: string[]): Promise<string[]>
  documentSize(entry: PageEntry): Promise<{ width: number; height: number }>
}

/** Test-facing controls by name (`Tool.native {method}` / `callWxMethod('host<Name>')`). */
export type Controls = Record<string, (data: Record<string, unknown>) => unknown>

/** One method of the protocol: its params as sent, and the connection it came from. */
export type Handler = (params: Record<string, unknown>, client: Client) => unknown

export interface Client {
  socket: WebSocket
  logEnabled: boolean
}
