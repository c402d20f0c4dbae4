// What the `wx` object needs from the rest of the host, declared here so each API domain asks for only the
// parts it uses (`Pick<WxHost, …>`).
import type { Project } from '../core/app-config'
import type { AppConsole, ErrorReporter } from '../core/console'
import type { Device } from '../core/device'
import type { TypedEvents } from '../core/events'
import type { FileSpace } from '../core/files'
import type { HostEventMap } from '../core/host-events'
import type { VideoFrames } from '../core/media-info'
import type { MediaState } from '../core/media-state'
import type { PageStack } from '../core/page-stack'
import type { Permissions } from '../core/permissions'
import type { Scheduler } from '../core/scheduler'
import type { Storage } from '../core/storage'
import type { ThemeSettings } from '../core/theme'
import type { Dialogs } from '../core/ui-state'

export interface WxHost {
  project: Pick<Project, 'config' | 'appId'>
  device: Device
  dialogs: Dialogs
  storage: Storage
  files: FileSpace
  /** The person's answers to authorization popups and the settings page. */
  permissions: Permissions
  /** Microphone, chat files, silent switch, audio options, opened documents. */
  media: MediaState
  /** Decodes a video's first frame (thumbnails). */
  frames: Pick<VideoFrames, 'firstFrame'>
  reporter: Pick<ErrorReporter, 'callSafely' | 'callHook' | 'errorListeners' | 'rejectionListeners'>
  console: AppConsole
  scheduler: Pick<Scheduler, 'nextTick' | 'settle'>
  pages: Pick<
    PageStack,
    'current' | 'top' | 'navigateTo' | 'redirectTo' | 'navigateBack' | 'reLaunch' | 'switchTab'
  >
  events: Pick<TypedEvents<HostEventMap>, 'on'>
  launchOptions: Readonly<Record<string, unknown>>
  /** wx methods a test replaced (App.mockWxMethod): canIUse counts them. */
  mockedWxMethods(): Iterable<string>
  /** What `wx.canIUse('<component>.<attribute>.<option>')` answers for built-in components. */
  supportsComponent(name: string, attribute?: string, option?: string): boolean
  windowHeight(): number
  /** Whether the app follows the system theme (app.json darkmode). */
  theme: Pick<ThemeSettings, 'enabled'>
  /** The theme the app is drawn in. */
  appTheme(): 'light' | 'dark'
  /** The component instance with this id in the current page, or inside `scope` (a component's `this`). */
  findById(id: string, scope?: unknown): { hostContext?: unknown } | undefined
  createSelectorQuery(): unknown
  /** Sockets the mini-program has open (closed when the network is switched off). */
  sockets: Set<{ drop(): void; close(options?: Record<string, unknown>): void }>
}

/** The `wx` object under construction: API name → function or value. */
export type WxObject = Record<string, unknown>

/** Options of a wx API call, as the mini-program passed them. */
export type WxOptions = Record<string, unknown>
