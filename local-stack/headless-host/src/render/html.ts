// What a page looks like as HTML + CSS: its rendered DOM with the WXSS (compiled by wcsc), the navigation bar,
// the tabBar and any modal, action sheet or toast on top. Each component carries data-hid="<elementId>".
import fs from 'node:fs'
import {
  NAVIGATION_BAR,
  pageInsets,
  tabBarHeight,
  windowHeight,
  type DeviceProfile,
} from '../core/device'
import { mimeOf } from '../core/files'
import type { PageEntry } from '../core/page-stack'
import { attributeOf, wxmlAttributeName } from '../core/tree'
import {
  attributesOf,
  componentIdOf,
  fromTemplate,
  idOf,
  instanceOf,
  nodeOfDom,
  scriptedStyleOf,
  type FrameworkNode,
} from '../framework'
import { applyDeviceCss, type DeviceCss } from './device-css'
import type { RenderHost } from './host'

export interface RenderedPage {
  pageId: number
  route: string
  /** The page's body content (the host marks each component with data-hid="<elementId>"). */
  html: string
  /** Built-in styles, app.wxss, the page's and its components' WXSS, and the navigation/tab bar styles. */
  css: string
  /** A complete document: navigation bar, page, tabBar, at 375 px width. */
  document: string
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

const rpxPattern = /(-?\d*\.?\d+)rpx/g

/** The page area's frame: whether the tab bar shows and the navigation bar is the app's own. */
function frameOf(hasTabBar: boolean, customNavigation: boolean) {
  return {
    page: { isTab: hasTabBar, config: customNavigation ? { navigationStyle: 'custom' } : {} },
    tabBar: hasTabBar ? { list: [] } : undefined,
  }
}

/** The height of the page area: the screen below the navigation bar and above the tabBar. */
function pageAreaHeight(
  profile: DeviceProfile,
  hasTabBar: boolean,
  customNavigation: boolean,
): number {
  const { page, tabBar } = frameOf(hasTabBar, customNavigation)
  return windowHeight(profile, page, tabBar)
}

/** A page-meta font size: "system" is WeChat's font size setting; rpx as everywhere. */
function metaFontSize(value: unknown, system: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (value === 'system') return `${system}px`
  return convertRpx(value)
}

// Chromium's viewport is the whole screen (bars included); WeChat's vh is a hundredth of the page area.
function convertVh(css: string, height: number): string {
  return css.replace(
    /(-?\d*\.?\d+)vh\b/g,
    (_match, value: string) => `${Number(((Number(value) * height) / 100).toFixed(3))}px`,
  )
}

function convertRpx(style: string): string {
  return style.replace(
    rpxPattern,
    (_match, value: string) => `${Number((Number(value) / 2).toFixed(3))}px`,
  )
}

export class HtmlRenderer {
  private cssCache: { key: string; css: string } | undefined

  constructor(private readonly host: RenderHost) {}

  private imageUrl(src: string): string | undefined {
    if (!src) return undefined
    if (src.startsWith('data:')) return src
    if (/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(src)) return src
    if (
      /^https?:\/\//.test(src) &&
      !src.startsWith('http://tmp/') &&
      !src.startsWith('http://usr/')
    )
      return undefined
    try {
      const local = this.host.files.localPath(src)
      if (!local || !fs.existsSync(local)) return undefined
      return `data:${mimeOf(local)};base64,${fs.readFileSync(local).toString('base64')}`
    } catch (_error) {
      return undefined
    }
  }

  /** The page's `<page-meta>` settings seen while copying it (root / page font size, page style). */
  private pageMeta: Record<string, unknown> = {}
  private deviceCss: DeviceCss = {
    theme: 'light',
    insets: { top: 0, bottom: 0, left: 0, right: 0 },
  }

  /** Copies the page's DOM, filling in what the DOM alone does not carry (values, pictures, hidden, rpx). */
  private cloneContent(entry: PageEntry, markers: unknown[], viewportHeight: number): string {
    const source = entry.container
    const clone = source.cloneNode(true) as HTMLElement
    const walk = (original: Element, copy: Element): void => {
      const node = nodeOfDom(original)
      const view = copy.ownerDocument.defaultView
      if (node && view && copy instanceof view.HTMLElement)
        this.decorate(node, copy, entry, markers, viewportHeight)
      const originals = Array.from(original.children)
      const copies = Array.from(copy.children)
      for (let index = 0; index < originals.length; index++) {
        const childOriginal = originals[index]
        const childCopy = copies[index]
        if (childOriginal && childCopy) walk(childOriginal, childCopy)
      }
    }
    walk(source, clone)
    return clone.innerHTML
  }

  private decorate(
    node: FrameworkNode,
    element: HTMLElement,
    entry: PageEntry,
    markers: unknown[],
    viewportHeight: number,
  ): void {
    if (!fromTemplate(node)) return
    const component = componentIdOf(node)
    element.setAttribute('data-hid', this.host.elements.idOf(node, entry.pageId))
    const markerIndex = markers.indexOf(node)
    if (markerIndex !== -1) element.setAttribute('data-host-marker', String(markerIndex))
    const id = idOf(node)
    if (id) element.setAttribute('data-wx-id', id)
    // WeChat's accessibility attributes stay on the page (aria-role is WeChat's name for the ARIA role).
    for (const attribute of attributesOf(node)) {
      const name = wxmlAttributeName(attribute.name)
      const value = attribute.value
      if (!name.startsWith('aria-') || value === undefined || value === null || value === '')
        continue
      element.setAttribute(name, String(value))
      if (name === 'aria-role') element.setAttribute('role', String(value))
    }
    // WXS setStyle (a slide view's buttons sliding out) comes after the template's own style.
    const style = [attributeOf(node, 'style'), scriptedStyleOf(node)].filter(Boolean).join(';')
    if (style)
      element.setAttribute(
        'style',
        applyDeviceCss(convertVh(convertRpx(style), viewportHeight), this.deviceCss),
      )
    const hidden = attributeOf(node, 'hidden')
    if (hidden !== undefined && hidden !== 'false' && hidden !== '') element.style.display = 'none'
    const data = instanceOf(node)?.data ?? {}
    if (component === 'page-meta') {
      this.pageMeta = data
    } else if (component === 'button') {
      for (const name of ['type', 'size'])
        if (data[name]) element.setAttribute(name, String(data[name]))
      for (const name of ['plain', 'disabled', 'loading'])
        if (data[name]) element.setAttribute(name, '')
    } else if (component === 'image') {
      const url = this.imageUrl(this.host.resolveAsset(node, String(data.src ?? '')))
      const mode = String(data.mode ?? 'scaleToFill')
      if (url && (mode === 'widthFix' || mode === 'heightFix')) {
        element.style.height = mode === 'widthFix' ? 'auto' : element.style.height
        element.innerHTML = `<img src="${escapeHtml(url)}" style="display:block;${mode === 'widthFix' ? 'width:100%' : 'height:100%'}">`
      } else if (url) {
        element.style.backgroundImage = `url("${url}")`
        const sizes: Record<string, string> = {
          aspectFit: 'contain',
          aspectFill: 'cover',
          scaleToFill: '100% 100%',
        }
        element.style.backgroundSize = sizes[mode] ?? 'auto'
      }
    } else if (component === 'video') {
      const poster = this.imageUrl(this.host.resolveAsset(node, String(data.poster ?? '')))
      if (poster && !data.hostStarted) element.style.backgroundImage = `url("${poster}")`
      if (data.hostFullScreen) {
        // Full screen covers the whole phone, bars included, as WeChat's player does.
        element.setAttribute('data-fullscreen', '')
        element.style.cssText +=
          ';position:fixed;left:0;top:0;width:100vw;height:100vh;z-index:3000;margin:0'
      }
    } else if (component === 'swiper') {
      const current = Number(data.current ?? 0)
      Array.from(element.children)
        .filter((child) => child.tagName.toLowerCase() === 'wx-swiper-item')
        .forEach((child, index) => {
          if (index !== current) (child as HTMLElement).style.display = 'none'
        })
    } else if (component === 'scroll-view') {
      element.style.overflowX = data.scrollX ? 'auto' : 'hidden'
      element.style.overflowY = data.scrollY ? 'auto' : 'hidden'
      element.setAttribute('data-scroll-top', String(data.hostScrollTop ?? 0))
      element.setAttribute('data-scroll-left', String(data.hostScrollLeft ?? 0))
    }
  }

  private styleSheet(): string {
    const key = this.host.styleKey()
    if (this.cssCache?.key !== key) this.cssCache = { key, css: this.host.allCss() }
    return this.cssCache.css
  }

  private chromeCss(hasTabBar: boolean, customNavigation: boolean): string {
    // The page area is the window below the navigation bar (and above the tabBar): `page { height: 100% }`
    // and 100vh mean that height in WeChat, so the document's root box is exactly that tall.
    const profile = this.host.device.profile
    const STATUS_BAR = profile.statusBar
    const TAB_BAR = tabBarHeight(profile)
    const top = customNavigation ? 0 : STATUS_BAR + NAVIGATION_BAR
    return `
.host-nav { position: fixed; top: 0; left: 0; right: 0; height: ${STATUS_BAR + NAVIGATION_BAR}px; z-index: 1000;
  box-sizing: border-box; padding-top: ${STATUS_BAR}px; font-size: 17px; font-weight: 600; text-align: center;
  line-height: ${NAVIGATION_BAR}px; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.host-nav-back { position: absolute; left: 12px; top: ${STATUS_BAR}px; font-size: 24px; font-weight: 400; }
html { margin-top: ${top}px; height: ${pageAreaHeight(profile, hasTabBar, customNavigation)}px; }
.host-content, page-root { display: contents; }
.host-tabbar { position: fixed; left: 0; right: 0; bottom: 0; height: ${TAB_BAR}px; display: flex; z-index: 1000;
  box-sizing: border-box; padding-bottom: ${profile.bottomInset}px;
  font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.host-tab { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center;
  font-size: 10px; position: relative; }
.host-tab img { width: 24px; height: 24px; }
.host-tab-badge { position: absolute; top: 2px; left: 50%; margin-left: 6px; min-width: 16px; height: 16px;
  padding: 0 4px; box-sizing: border-box; border-radius: 8px; background: #fa5151; color: #fff; font-size: 11px;
  line-height: 16px; text-align: center; }
.host-tab-dot { position: absolute; top: 4px; left: 50%; margin-left: 10px; width: 8px; height: 8px;
  border-radius: 4px; background: #fa5151; }
.host-overlay { position: fixed; inset: 0; z-index: 2000; display: flex; align-items: center; justify-content: center; }
.host-toast { min-width: 120px; max-width: 200px; padding: 16px; border-radius: 8px; background: rgba(0, 0, 0, .7);
  color: #fff; font-size: 15px; text-align: center; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.host-modal-mask { background: rgba(0, 0, 0, .5); }
.host-modal { width: 300px; border-radius: 12px; background: #fff; text-align: center; overflow: hidden;
  font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.host-modal-title { padding: 24px 24px 8px; font-size: 17px; font-weight: 700; }
.host-modal-content { padding: 0 24px 24px; font-size: 15px; color: rgba(0, 0, 0, .5); }
.host-modal-buttons { display: flex; border-top: 1px solid rgba(0, 0, 0, .1); line-height: 56px; font-size: 17px; font-weight: 700; }
.host-modal-buttons div { flex: 1; }
.host-modal-buttons div + div { border-left: 1px solid rgba(0, 0, 0, .1); }
.host-sheet { width: 100%; background: #f7f7f7; border-radius: 12px 12px 0 0; overflow: hidden; text-align: center;
  font-size: 17px; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.host-sheet-alert { padding: 16px; font-size: 14px; color: rgba(0, 0, 0, .5); background: #fff; }
.host-sheet-item { line-height: 56px; background: #fff; border-top: 1px solid rgba(0, 0, 0, .1); }
.host-sheet-cancel { margin-top: 8px; line-height: 56px; background: #fff; }
html[data-theme="dark"] .host-modal, html[data-theme="dark"] .host-sheet-item, html[data-theme="dark"] .host-sheet-cancel,
html[data-theme="dark"] .host-sheet-alert { background: #2c2c2c; color: rgba(255, 255, 255, .8); }
html[data-theme="dark"] .host-sheet { background: #1e1e1e; }
html[data-theme="dark"] .host-modal-content { color: rgba(255, 255, 255, .5); }
`
  }

  private chromeHtml(entry: PageEntry): {
    top: string
    bottom: string
    hasTabBar: boolean
    customNavigation: boolean
  } {
    const host = this.host
    const config = entry.config
    const customNavigation = config.navigationStyle === 'custom'
    const background = String(
      host.ui.navigationBarColor?.backgroundColor ??
        config.navigationBarBackgroundColor ??
        '#000000',
    )
    const front = String(
      host.ui.navigationBarColor?.frontColor ??
        (config.navigationBarTextStyle === 'black' ? '#000000' : '#ffffff'),
    )
    const back = host.pageCount() > 1 ? '<span class="host-nav-back">‹</span>' : ''
    const top = customNavigation
      ? ''
      : `<div class="host-nav" style="background:${escapeHtml(background)};color:${escapeHtml(front)}">${back}${escapeHtml(entry.title)}</div>`
    const tabBar = host.tabBarConfig()
    const hasTabBar = Boolean(tabBar && !tabBar.custom && entry.isTab && host.tabBar.visible)
    let bottom = ''
    if (tabBar && hasTabBar) {
      const items = tabBar.list.map((item, index) => {
        const selected = item.pagePath === entry.route
        const iconPath = selected ? (item.selectedIconPath ?? item.iconPath) : item.iconPath
        const icon = iconPath ? this.imageUrl(iconPath) : undefined
        const badge = host.tabBar.badges[index]
        const color = selected ? (tabBar.selectedColor ?? '#07c160') : (tabBar.color ?? '#7a7e83')
        return `<div class="host-tab" data-tab-index="${index}" style="color:${escapeHtml(color)}">${icon ? `<img src="${escapeHtml(icon)}">` : ''}<span>${escapeHtml(item.text ?? '')}</span>${badge !== undefined ? `<span class="host-tab-badge">${escapeHtml(badge)}</span>` : ''}${host.tabBar.redDots[index] ? '<span class="host-tab-dot"></span>' : ''}</div>`
      })
      const border = tabBar.borderStyle === 'white' ? '#f5f5f5' : 'rgba(0,0,0,.1)'
      bottom = `<div class="host-tabbar" style="background:${escapeHtml(tabBar.backgroundColor ?? '#f7f7f7')};border-top:1px solid ${border}">${items.join('')}</div>`
    }
    const ui = host.ui
    if (ui.modal) {
      bottom += `<div class="host-overlay host-modal-mask"><div class="host-modal"><div class="host-modal-title">${escapeHtml(ui.modal.title)}</div><div class="host-modal-content">${escapeHtml(ui.modal.content)}</div><div class="host-modal-buttons">${ui.modal.showCancel ? `<div>${escapeHtml(ui.modal.cancelText)}</div>` : ''}<div style="color:#576b95">${escapeHtml(ui.modal.confirmText)}</div></div></div></div>`
    } else if (ui.actionSheet) {
      const items = ui.actionSheet.itemList.map(
        (item) => `<div class="host-sheet-item">${escapeHtml(item)}</div>`,
      )
      bottom += `<div class="host-overlay host-modal-mask" style="align-items:flex-end"><div class="host-sheet">${ui.actionSheet.alertText ? `<div class="host-sheet-alert">${escapeHtml(ui.actionSheet.alertText)}</div>` : ''}${items.join('')}<div class="host-sheet-cancel">取消</div></div></div>`
    } else if (ui.toast || ui.loading) {
      const title = ui.toast?.title ?? ui.loading?.title ?? ''
      bottom += `<div class="host-overlay"><div class="host-toast">${escapeHtml(title)}</div></div>`
    }
    return { top, bottom, hasTabBar, customNavigation }
  }

  /** The current (or given) page as HTML + CSS; the lead's viewer draws this and sends interactions back. */
  render(entry: PageEntry = this.host.currentPage(), markers: unknown[] = []): RenderedPage {
    this.host.elements.pruneDetached(entry.pageId)
    const chrome = this.chromeHtml(entry)
    const profile = this.host.device.profile
    const theme = this.host.appTheme()
    const { page, tabBar } = frameOf(chrome.hasTabBar, chrome.customNavigation)
    this.deviceCss = { theme, insets: pageInsets(profile, page, tabBar) }
    this.pageMeta = {}
    const height = pageAreaHeight(profile, chrome.hasTabBar, chrome.customNavigation)
    const html = this.cloneContent(entry, markers, height)
    const css = `${applyDeviceCss(convertVh(this.styleSheet(), height), this.deviceCss)}\n${this.chromeCss(chrome.hasTabBar, chrome.customNavigation)}\n${this.metaCss()}`
    const background = String(entry.config.backgroundColor ?? '#ffffff')
    const document = `<!doctype html><html data-theme="${theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=${profile.screen.width}"><style>body{background:${escapeHtml(background)}}</style><style>${css}</style></head><body>${chrome.top}<div class="host-content">${html}</div>${chrome.bottom}</body></html>`
    return { pageId: entry.pageId, route: entry.route, html, css, document }
  }

  /** `<page-meta root-font-size page-font-size page-style>`: rem's base, the page's font size and style. */
  private metaCss(): string {
    const system = this.host.device.fontSizeSetting
    const root = metaFontSize(this.pageMeta.rootFontSize, system)
    const page = metaFontSize(this.pageMeta.pageFontSize, system)
    const style =
      typeof this.pageMeta.pageStyle === 'string' ? convertRpx(this.pageMeta.pageStyle) : ''
    return [
      root ? `html { font-size: ${root}; }` : '',
      page || style ? `body { ${page ? `font-size: ${page};` : ''} ${style} }` : '',
    ].join('\n')
  }
}
