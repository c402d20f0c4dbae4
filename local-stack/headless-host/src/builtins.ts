/* eslint-disable @typescript-eslint/no-explicit-any */
// The base library's built-in components as exparser components: the properties WXML binds to, the events they
// emit and the behaviour a user's touch has (toggling, form submission, navigation, pickers, ...).
import type { Runtime } from './runtime'

interface JComponentApi {
  register(definition: Record<string, any>): string
}

type Caller = Record<string, any>

function nodeOf(caller: Caller): any {
  return caller._exparserNode
}

function callerOf(node: any): Caller | undefined {
  return node?.__methodCaller
}

/** Walks up the composed tree (through virtual wx:if / wx:for nodes and slots) to a built-in ancestor. */
export function findAncestor(node: any, componentId: string): any {
  let current = node?.parentNode
  while (current) {
    if (current._vt?.componentId === componentId) return current
    current = current.parentNode ?? current.__wxSlotParent ?? null
  }
  return undefined
}

export function descendants(node: any, componentIds: string[]): any[] {
  const found: any[] = []
  const walk = (current: any): void => {
    for (const child of current.childNodes ?? []) {
      if (child._vt && componentIds.includes(child._vt.componentId)) found.push(child)
      walk(child)
    }
  }
  walk(node)
  return found
}

function data(node: any): Record<string, any> {
  return callerOf(node)?.data ?? {}
}

const fieldValue: Record<string, (node: any) => unknown> = {
  input: (node) => data(node).value ?? '',
  textarea: (node) => data(node).value ?? '',
  switch: (node) => Boolean(data(node).checked),
  slider: (node) => Number(data(node).value ?? 0),
  picker: (node) => data(node).value,
  'checkbox-group': (node) =>
    descendants(node, ['checkbox'])
      .filter((box) => data(box).checked)
      .map((box) => data(box).value),
  'radio-group': (node) => {
    const checked = descendants(node, ['radio']).find((radio) => data(radio).checked)
    return checked ? data(checked).value : ''
  },
}

export function collectForm(form: any): Record<string, unknown> {
  const value: Record<string, unknown> = {}
  for (const field of descendants(form, Object.keys(fieldValue))) {
    const name = data(field).name
    const read = fieldValue[field._vt.componentId as string]
    if (name && read) value[name] = read(field)
  }
  return value
}

const plainContainers = [
  'view',
  'cover-view',
  'swiper-item',
  'label',
  'movable-area',
  'movable-view',
]

const builtinProperties = new Map<string, Set<string>>()
const OPEN_TYPES = new Set([
  'share',
  'getPhoneNumber',
  'getRealtimePhoneNumber',
  'chooseAvatar',
  'agreePrivacyAuthorization',
  'openSetting',
  'getUserInfo',
])

/** What `wx.canIUse('<component>.<attribute>.<option>')` answers for the host's built-in components. */
export function supportsBuiltin(id: string, attribute?: string, option?: string): boolean {
  const properties = builtinProperties.get(id)
  if (!properties) return false
  if (!attribute) return true
  const name = attribute.replace(/-([a-z])/g, (_all, letter: string) => letter.toUpperCase())
  if (!properties.has(name)) return false
  if (id === 'button' && name === 'openType' && option) return OPEN_TYPES.has(option)
  return true
}

export function registerBuiltins(jComponent: JComponentApi, runtime: Runtime): void {
  const register = (id: string, definition: Record<string, any>): void => {
    builtinProperties.set(id, new Set(Object.keys(definition.properties ?? {})))
    jComponent.register({ template: '<slot/>', ...definition, id, tagName: `wx-${id}` })
  }
  const reportFailure = (error: unknown): void => runtime.reportError(error, 'built-in component')
  const onTap = (caller: Caller, handler: (event: any) => void): void => {
    nodeOf(caller).addListener('tap', (event: any) => {
      try {
        handler(event)
      } catch (error) {
        reportFailure(error)
      }
    })
  }

  for (const id of plainContainers) {
    register(id, { properties: { hoverClass: String, hoverStopPropagation: Boolean } })
  }

  register('text', {
    properties: { selectable: Boolean, userSelect: Boolean, space: String, decode: Boolean },
  })

  register('icon', {
    template:
      '<span class="wx-icon wx-icon-{{type}}" style="font-size:{{size}}px;color:{{color}}"></span>',
    properties: { type: String, size: { type: Number, value: 23 }, color: String },
  })

  register('progress', {
    template:
      '<span class="wx-progress-bar" style="height:{{strokeWidth}}px;background:{{backgroundColor}}"><span class="wx-progress-inner" style="width:{{percent}}%;background:{{activeColor}}"></span></span>',
    properties: {
      percent: Number,
      strokeWidth: { type: Number, value: 6 },
      activeColor: { type: String, value: '#09BB07' },
      backgroundColor: { type: String, value: '#EBEBEB' },
      showInfo: Boolean,
    },
  })

  register('image', {
    template: '<span class="wx-image-content"></span>',
    properties: {
      src: { type: String, observer: 'hostLoad' },
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: Boolean,
      webp: Boolean,
      showMenuByLongpress: Boolean,
    },
    methods: {
      hostLoad(this: Caller, src: string) {
        if (!src) return
        // Pictures load by themselves: only local ones are fetched, so no page reaches another machine on its own.
        const remote =
          /^https?:\/\//.test(src) && !/^https?:\/\/(127\.0\.0\.1|localhost|tmp|usr)[:/]/.test(src)
        const loading = remote
          ? Promise.reject(new Error('remote pictures are not fetched by the host'))
          : runtime.imageInfo(runtime.resolveAsset(nodeOf(this), src))
        loading.then(
          (info) => {
            if (this.data.src === src)
              this.triggerEvent('load', { width: info.width, height: info.height })
          },
          (error: Error) => {
            if (this.data.src === src)
              this.triggerEvent('error', { errMsg: `GET ${src} ${error.message}` })
          },
        )
      },
    },
  })

  register('button', {
    properties: {
      type: { type: String, value: 'default' },
      size: { type: String, value: 'default' },
      plain: Boolean,
      disabled: Boolean,
      loading: Boolean,
      formType: String,
      openType: String,
      hoverClass: String,
      lang: String,
      sessionFrom: String,
      sendMessageTitle: String,
      appParameter: String,
      showMessageCard: Boolean,
      phoneNumberNoQuotaToast: Boolean,
    },
    lifetimes: {
      attached(this: Caller) {
        onTap(this, () => {
          if (this.data.disabled) return
          const formType = this.data.formType
          if (formType === 'submit' || formType === 'reset') {
            const form = findAncestor(nodeOf(this), 'form')
            const formCaller = callerOf(form)
            if (formCaller) formCaller.hostAction(formType, nodeOf(this))
          }
          if (this.data.openType) runtime.openType(this, String(this.data.openType))
        })
      },
    },
  })

  const fieldProperties = {
    value: { type: String, value: '' },
    name: String,
    type: { type: String, value: 'text' },
    password: Boolean,
    placeholder: String,
    placeholderClass: String,
    placeholderStyle: String,
    disabled: Boolean,
    maxlength: { type: Number, value: 140 },
    focus: Boolean,
    autoFocus: Boolean,
    confirmType: { type: String, value: 'done' },
    confirmHold: Boolean,
    cursor: { type: Number, value: -1 },
    cursorSpacing: Number,
    selectionStart: { type: Number, value: -1 },
    selectionEnd: { type: Number, value: -1 },
    adjustPosition: { type: Boolean, value: true },
    holdKeyboard: Boolean,
    alwaysEmbed: Boolean,
    autoHeight: Boolean,
    fixed: Boolean,
    showConfirmBar: { type: Boolean, value: true },
    disableDefaultPadding: Boolean,
  }
  const fieldMethods = {
    hostInput(this: Caller, text: unknown) {
      if (this.data.disabled) throw new Error(`${this.is ?? 'input'} is disabled`)
      let value = String(text ?? '')
      const maxlength = Number(this.data.maxlength)
      if (maxlength >= 0 && value.length > maxlength) value = value.slice(0, maxlength)
      this.setData({ value })
      const keyCode = value.length > 0 ? value.charCodeAt(value.length - 1) : 8
      this.triggerEvent('input', { value, cursor: value.length, keyCode })
    },
    hostConfirm(this: Caller) {
      this.triggerEvent('confirm', { value: this.data.value })
    },
  }
  const fieldTemplate = (className: string): string =>
    `<span wx:if="{{value}}" class="${className}-value">{{password ? '••••••••' : value}}</span><span wx:else class="${className}-placeholder {{placeholderClass}}" style="{{placeholderStyle}}">{{placeholder}}</span>`
  register('input', {
    template: fieldTemplate('wx-input'),
    properties: fieldProperties,
    methods: fieldMethods,
  })
  register('textarea', {
    template: fieldTemplate('wx-textarea'),
    properties: fieldProperties,
    methods: fieldMethods,
  })

  register('switch', {
    template:
      "<span class=\"wx-switch-input {{checked ? 'wx-switch-input-checked' : ''}}\" style=\"{{checked && color ? 'background-color:' + color + ';border-color:' + color : ''}}\"></span>",
    properties: {
      checked: Boolean,
      disabled: Boolean,
      type: { type: String, value: 'switch' },
      color: String,
      name: String,
    },
    methods: {
      hostToggle(this: Caller) {
        if (this.data.disabled) return
        const checked = !this.data.checked
        this.setData({ checked })
        this.triggerEvent('change', { value: checked })
      },
    },
    lifetimes: {
      attached(this: Caller) {
        onTap(this, () => this.hostToggle())
      },
    },
  })

  register('checkbox-group', { properties: { name: String } })
  register('checkbox', {
    template:
      "<span class=\"wx-checkbox-input {{checked ? 'wx-checkbox-input-checked' : ''}}\"></span><slot/>",
    properties: { value: String, checked: Boolean, disabled: Boolean, color: String },
    lifetimes: {
      attached(this: Caller) {
        onTap(this, () => {
          if (this.data.disabled) return
          this.setData({ checked: !this.data.checked })
          const group = findAncestor(nodeOf(this), 'checkbox-group')
          if (group)
            callerOf(group)?.triggerEvent('change', {
              value: fieldValue['checkbox-group']?.(group),
            })
        })
      },
    },
  })

  register('radio-group', { properties: { name: String } })
  register('radio', {
    template:
      "<span class=\"wx-radio-input {{checked ? 'wx-radio-input-checked' : ''}}\"></span><slot/>",
    properties: { value: String, checked: Boolean, disabled: Boolean, color: String },
    lifetimes: {
      attached(this: Caller) {
        onTap(this, () => {
          if (this.data.disabled || this.data.checked) return
          const group = findAncestor(nodeOf(this), 'radio-group')
          for (const other of group ? descendants(group, ['radio']) : []) {
            if (other !== nodeOf(this)) callerOf(other)?.setData({ checked: false })
          }
          this.setData({ checked: true })
          if (group) callerOf(group)?.triggerEvent('change', { value: this.data.value })
        })
      },
    },
  })

  register('slider', {
    template:
      '<span class="wx-slider-track"><span class="wx-slider-fill" style="width:{{(value - min) / (max - min) * 100}}%"></span></span>',
    properties: {
      min: { type: Number, value: 0 },
      max: { type: Number, value: 100 },
      step: { type: Number, value: 1 },
      value: { type: Number, value: 0 },
      disabled: Boolean,
      showValue: Boolean,
      name: String,
    },
    methods: {
      hostSlideTo(this: Caller, target: unknown) {
        const value = Math.min(
          Number(this.data.max),
          Math.max(Number(this.data.min), Number(target)),
        )
        this.setData({ value })
        this.triggerEvent('change', { value })
      },
    },
  })

  register('picker', {
    properties: {
      mode: { type: String, value: 'selector' },
      range: { type: Array, value: [] },
      rangeKey: String,
      value: { type: null, value: 0 },
      start: String,
      end: String,
      fields: { type: String, value: 'day' },
      disabled: Boolean,
      headerText: String,
      name: String,
    },
    methods: {
      hostChoose(this: Caller, value: unknown) {
        this.setData({ value })
        this.triggerEvent('change', { value })
      },
      hostCancel(this: Caller) {
        this.triggerEvent('cancel', {})
      },
    },
    lifetimes: {
      attached(this: Caller) {
        onTap(this, () => {
          if (this.data.disabled) return
          runtime.openPicker(this)
        })
      },
    },
  })

  register('navigator', {
    properties: {
      url: String,
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
      hoverClass: { type: String, value: 'navigator-hover' },
    },
    lifetimes: {
      attached(this: Caller) {
        onTap(this, () => {
          const { url, openType, delta } = this.data
          if (openType === 'navigateBack') runtime.navigateBack(delta)
          else if (openType === 'redirect') runtime.redirectTo(url)
          else if (openType === 'switchTab') runtime.switchTab(url)
          else if (openType === 'reLaunch') runtime.reLaunch(url)
          else if (openType === 'exit') return
          else runtime.navigateTo(url)
        })
      },
    },
  })

  register('form', {
    properties: { reportSubmit: Boolean, reportSubmitTimeout: Number },
    methods: {
      hostAction(this: Caller, action: 'submit' | 'reset', button: any) {
        if (action === 'submit') {
          this.triggerEvent('submit', {
            value: collectForm(nodeOf(this)),
            target: { id: button.id ?? '', dataset: button.dataset ?? {} },
          })
          return
        }
        for (const field of descendants(nodeOf(this), ['input', 'textarea']))
          callerOf(field)?.setData({ value: '' })
        for (const field of descendants(nodeOf(this), ['switch', 'checkbox', 'radio'])) {
          callerOf(field)?.setData({ checked: false })
        }
        this.triggerEvent('reset', {})
      },
    },
  })

  register('scroll-view', {
    properties: {
      scrollX: Boolean,
      scrollY: Boolean,
      upperThreshold: { type: Number, value: 50 },
      lowerThreshold: { type: Number, value: 50 },
      scrollTop: { type: null, observer: 'hostScrollTopChanged' },
      scrollLeft: { type: null },
      scrollIntoView: { type: String, observer: 'hostIntoView' },
      scrollWithAnimation: Boolean,
      enableBackToTop: Boolean,
      enhanced: Boolean,
      refresherEnabled: Boolean,
      refresherThreshold: { type: Number, value: 45 },
      refresherDefaultStyle: { type: String, value: 'black' },
      refresherBackground: String,
      refresherTriggered: { type: Boolean, observer: 'hostRefresherTriggered' },
      showScrollbar: { type: Boolean, value: true },
    },
    data: { hostScrollTop: 0, hostScrollLeft: 0, hostIntoViewTarget: '', hostRefreshing: false },
    lifetimes: {
      attached(this: Caller) {
        // Pull-down refresh: a finger dragged down from the top of a refresher-enabled scroll-view.
        let startY: number | undefined
        let dy = 0
        const fingerY = (event: any, list: 'touches' | 'changedTouches'): number =>
          Number(event?.[list]?.[0]?.pageY ?? event?.[list]?.[0]?.clientY ?? 0)
        const guarded = (handler: (event: any) => void) => (event: any) => {
          try {
            handler(event)
          } catch (error) {
            reportFailure(error)
          }
        }
        const node = nodeOf(this)
        node.addListener(
          'touchstart',
          guarded((event) => {
            const idle = this.data.refresherEnabled && !this.data.hostRefreshing
            startY =
              idle && Number(this.data.hostScrollTop) <= 0 ? fingerY(event, 'touches') : undefined
            dy = 0
          }),
        )
        node.addListener(
          'touchmove',
          guarded((event) => {
            if (startY === undefined) return
            dy = Math.max(0, fingerY(event, 'touches') - startY)
            if (dy > 0) this.triggerEvent('refresherpulling', { dy })
          }),
        )
        node.addListener(
          'touchend',
          guarded(() => {
            if (startY === undefined) return
            startY = undefined
            if (dy >= Number(this.data.refresherThreshold)) this.hostRefresh(dy)
            else if (dy > 0) this.triggerEvent('refresherabort', { dy })
          }),
        )
      },
      detached(this: Caller) {
        runtime.refreshing.delete(this)
      },
    },
    methods: {
      hostRefresh(this: Caller, dy: number) {
        this.setData({ hostRefreshing: true })
        runtime.refreshing.add(this)
        this.triggerEvent('refresherrefresh', { dy })
      },
      hostRefresherTriggered(this: Caller, triggered: boolean) {
        if (triggered) {
          // The app shows the refresher itself; WeChat does not fire refresherrefresh for that.
          this.setData({ hostRefreshing: true })
          runtime.refreshing.add(this)
        } else this.hostRestore()
      },
      hostRestore(this: Caller) {
        if (!this.data.hostRefreshing) return
        this.setData({ hostRefreshing: false })
        runtime.refreshing.delete(this)
        this.triggerEvent('refresherrestore', {})
      },
      hostScrollTopChanged(this: Caller, value: unknown) {
        if (value === undefined || value === null || value === '') return
        void runtime.scrollViewTo(this, undefined, Number(value))
      },
      hostIntoView(this: Caller, id: string) {
        if (!id) return
        this.setData({ hostIntoViewTarget: id })
        runtime.scrollViewIntoView(this, id)
      },
      hostScrolled(
        this: Caller,
        left: number,
        top: number,
        metrics: {
          scrollHeight: number
          scrollWidth: number
          clientHeight: number
          clientWidth: number
        },
      ) {
        const deltaX = left - this.data.hostScrollLeft
        const deltaY = top - this.data.hostScrollTop
        this.setData({ hostScrollTop: top, hostScrollLeft: left })
        this.triggerEvent('scroll', {
          scrollLeft: left,
          scrollTop: top,
          scrollHeight: metrics.scrollHeight,
          scrollWidth: metrics.scrollWidth,
          deltaX,
          deltaY,
        })
        const vertical = deltaY !== 0 || (deltaX === 0 && this.data.scrollY)
        if (vertical) {
          if (deltaY < 0 && top <= Number(this.data.upperThreshold))
            this.triggerEvent('scrolltoupper', { direction: 'top' })
          if (
            deltaY > 0 &&
            top + metrics.clientHeight >= metrics.scrollHeight - Number(this.data.lowerThreshold)
          ) {
            this.triggerEvent('scrolltolower', { direction: 'bottom' })
          }
        } else {
          if (deltaX < 0 && left <= Number(this.data.upperThreshold))
            this.triggerEvent('scrolltoupper', { direction: 'left' })
          if (
            deltaX > 0 &&
            left + metrics.clientWidth >= metrics.scrollWidth - Number(this.data.lowerThreshold)
          ) {
            this.triggerEvent('scrolltolower', { direction: 'right' })
          }
        }
      },
    },
  })

  register('swiper', {
    properties: {
      indicatorDots: Boolean,
      indicatorColor: { type: String, value: 'rgba(0, 0, 0, .3)' },
      indicatorActiveColor: { type: String, value: '#000000' },
      autoplay: { type: Boolean, observer: 'hostAutoplay' },
      current: { type: Number, value: 0 },
      currentItemId: String,
      interval: { type: Number, value: 5000 },
      duration: { type: Number, value: 500 },
      circular: Boolean,
      vertical: Boolean,
      previousMargin: String,
      nextMargin: String,
      displayMultipleItems: { type: Number, value: 1 },
    },
    methods: {
      hostSwipeTo(this: Caller, index: unknown, source = 'touch') {
        const items = descendants(nodeOf(this), ['swiper-item'])
        const target = Number(index)
        if (!Number.isInteger(target) || target < 0 || target >= items.length) {
          throw new Error(`swiper has no item ${String(index)} (it has ${items.length})`)
        }
        const item = items[target]
        this.setData({ current: target })
        const detail = { current: target, currentItemId: data(item).itemId ?? '', source }
        this.triggerEvent('change', detail)
        this.triggerEvent('animationfinish', detail)
      },
      hostAutoplay(this: Caller, on: boolean) {
        if (this.hostTimer) clearInterval(this.hostTimer)
        this.hostTimer = undefined
        if (!on) return
        this.hostTimer = setInterval(
          () => {
            const count = descendants(nodeOf(this), ['swiper-item']).length
            if (count === 0) return
            const next = Number(this.data.current) + 1
            if (next >= count && !this.data.circular) return
            this.hostSwipeTo(next % count, 'autoplay')
          },
          Math.max(16, Number(this.data.interval)),
        )
        this.hostTimer.unref()
      },
    },
    lifetimes: {
      detached(this: Caller) {
        if (this.hostTimer) clearInterval(this.hostTimer)
      },
    },
  })
}

/** Styles of the built-ins, after the base library's defaults (so screenshots look like a phone). */
export function builtinCss(): string {
  return `
html, body { margin: 0; padding: 0; }
body { font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", sans-serif;
  font-size: 16px; line-height: 1.4; color: #000; background: #fff; -webkit-font-smoothing: antialiased; }
wx-view, wx-cover-view, wx-swiper-item, wx-navigator, wx-form, wx-picker, wx-scroll-view, wx-swiper,
wx-movable-area, wx-progress, wx-slider, page-root, wx-checkbox-group, wx-radio-group { display: block; }
wx-text, wx-label, wx-icon { display: inline; }
wx-text { white-space: pre-wrap; }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; background-repeat: no-repeat;
  background-position: center; background-size: 100% 100%; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding: 8px 24px;
  width: 184px; box-sizing: border-box; font-size: 17px; font-weight: 700; text-align: center; text-decoration: none;
  line-height: 1.41176471; border-radius: 4px; overflow: hidden; color: #06ae56; background-color: #f2f2f2;
  cursor: pointer; }
wx-button[size="mini"], wx-button.mini { display: inline-block; width: auto; padding: 0 0.75em; line-height: 2;
  font-size: 16px; }
wx-button[type="primary"] { color: #fff; background-color: #07c160; }
wx-button[type="warn"] { color: #fff; background-color: #fa5151; }
wx-button[plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[disabled] { color: rgba(0, 0, 0, .18); background-color: #fafafa; }
wx-button[type="primary"][disabled] { color: rgba(255, 255, 255, .6); background-color: #9ed99d; }
wx-input { display: flex; align-items: center; height: 1.4em; min-height: 1.4em; line-height: 1.4em;
  overflow: hidden; text-overflow: clip; white-space: nowrap; }
wx-textarea { display: block; width: 300px; height: 150px; overflow: hidden; white-space: pre-wrap; }
.wx-input-placeholder, .wx-textarea-placeholder { color: #808080; }
wx-switch { display: inline-block; }
.wx-switch-input { position: relative; display: inline-block; width: 52px; height: 32px; box-sizing: border-box;
  border: 2px solid #e9e9ea; border-radius: 16px; background-color: #e9e9ea; vertical-align: middle; }
.wx-switch-input::after { content: ""; position: absolute; top: 0; left: 0; width: 28px; height: 28px;
  border-radius: 14px; background: #fff; box-shadow: 0 1px 3px rgba(0, 0, 0, .4); }
.wx-switch-input-checked { background-color: #07c160; border-color: #07c160; }
.wx-switch-input-checked::after { left: 20px; }
wx-checkbox, wx-radio { display: inline-block; }
.wx-checkbox-input, .wx-radio-input { display: inline-block; width: 22px; height: 22px; box-sizing: border-box;
  margin-right: 5px; border: 1px solid #d1d1d1; border-radius: 3px; background: #fff; vertical-align: middle;
  position: relative; text-align: center; line-height: 20px; color: #07c160; font-size: 18px; }
.wx-radio-input { border-radius: 50%; }
.wx-checkbox-input-checked::before { content: "\\2713"; }
.wx-radio-input-checked { background: #07c160; border-color: #07c160; color: #fff; }
.wx-radio-input-checked::before { content: "\\2713"; font-size: 14px; }
wx-scroll-view { overflow: auto; }
wx-scroll-view::-webkit-scrollbar { display: none; }
wx-swiper { position: relative; height: 150px; overflow: hidden; }
wx-swiper wx-swiper-item { position: absolute; top: 0; left: 0; width: 100%; height: 100%; }
wx-navigator { cursor: pointer; }
.wx-progress-bar { display: block; width: 100%; }
.wx-progress-inner { display: block; height: 100%; }
.wx-slider-track { display: block; height: 2px; margin: 14px 18px; background: #e9e9e9; }
.wx-slider-fill { display: block; height: 100%; background: #1aad19; }
`
}
