/**
 * One person's phone as the specs see it: a MiniProgram from the unmodified automator client plus the few
 * things a person does (tap, type, switch tabs, pick a photo, lose the network) and the checks a tester makes.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type Element from 'miniprogram-automator/out/Element'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import type { Device } from './mode'
import { waitUntil } from './wait'

export const ROUTES = {
  login: 'pages/login/index',
  conversations: 'pages/conversations/index',
  contacts: 'pages/contacts/index',
  me: 'pages/me/index',
  chat: 'package-chat/pages/chat/index',
  privacy: 'package-me/pages/privacy/index',
} as const

const TAB_INDEX = { conversations: 0, contacts: 1, me: 2 } as const
export type Tab = keyof typeof TAB_INDEX

/** What the host's `hostGetUIState` control answers (the part the specs read). */
export interface UiState {
  /** The toast on screen now, if any; `toasts` is every toast shown so far. */
  toast: { title: string } | null
  toasts: { title: string }[]
  modals: { title?: string; content?: string }[]
  currentRoute: string
  tabBar: { badges: Record<string, string>; redDots: Record<string, boolean>; visible: boolean }
  network: { online: boolean; type: string }
  inBackground: boolean
}

export class Phone {
  private shots = 0

  constructor(
    readonly name: string,
    private readonly device: Device,
    /** Where shot() writes; the world moves it to each scenario's folder. */
    public shotsDir: string,
  ) {}

  get miniProgram(): MiniProgram {
    return this.device.miniProgram
  }

  get hasHostControls(): boolean {
    return this.device.hasHostControls
  }

  async page(): Promise<Page> {
    const page = await this.miniProgram.currentPage()
    if (!page) throw new Error(`${this.name}: no current page`)
    return page
  }

  async route(): Promise<string> {
    return (await this.page()).path
  }

  async waitForRoute(route: string, timeoutMs?: number): Promise<Page> {
    return waitUntil(
      `${this.name} to show ${route}`,
      async () => {
        const page = await this.page()
        return page.path === route ? page : undefined
      },
      timeoutMs,
      () => this.route(),
    )
  }

  /** The element once it is rendered on the current page. */
  async element(selector: string, timeoutMs?: number): Promise<Element> {
    return waitUntil(
      `${this.name}: "${selector}" on the page`,
      async () => (await (await this.page()).$(selector)) ?? undefined,
      timeoutMs,
      () => this.route(),
    )
  }

  async elements(selector: string): Promise<Element[]> {
    return ((await (await this.page()).$$(selector)) as Element[] | null) ?? []
  }

  async tap(selector: string): Promise<void> {
    await (await this.element(selector)).tap()
  }

  async type(selector: string, text: string): Promise<void> {
    const input = (await this.element(selector)) as Element & {
      input?: (v: string) => Promise<void>
    }
    if (typeof input.input !== 'function') throw new Error(`${selector} is not an input`)
    await input.input(text)
  }

  async data<T = unknown>(dataPath?: string): Promise<T> {
    return (await (await this.page()).data(dataPath)) as T
  }

  /** The host's test controls (`callWxMethod('host<Name>')`); DevTools has no equivalent. */
  async control<T = unknown>(name: string, data: Record<string, unknown> = {}): Promise<T> {
    if (!this.hasHostControls) throw new Error(`${name}: only the headless host has this control`)
    const method = `host${name.charAt(0).toUpperCase()}${name.slice(1)}`
    return (await this.miniProgram.callWxMethod(method, data)) as T
  }

  ui(): Promise<UiState> {
    return this.control<UiState>('getUIState')
  }

  async openTab(tab: Tab): Promise<Page> {
    if (this.hasHostControls) await this.control('tapTabBar', { index: TAB_INDEX[tab] })
    else await this.miniProgram.callWxMethod('switchTab', { url: `/${ROUTES[tab]}` })
    return this.waitForRoute(ROUTES[tab])
  }

  /** A picture of the current page into the scenario's folder (the host also keeps one per page change). */
  async shot(step: string): Promise<void> {
    this.shots += 1
    mkdirSync(this.shotsDir, { recursive: true })
    const file = path.join(this.shotsDir, `${String(this.shots).padStart(2, '0')}-${step}.png`)
    await this.miniProgram.screenshot({ path: file })
  }

  async loginAs(userID: string): Promise<void> {
    await this.waitForRoute(ROUTES.login)
    await this.shot('login')
    await this.tap(`#dev-user-${userID}`)
    await this.waitForRoute(ROUTES.conversations)
  }

  async close(): Promise<void> {
    await this.device.close()
  }
}
