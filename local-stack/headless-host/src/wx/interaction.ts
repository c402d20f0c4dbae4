// Toasts, loading, modals, action sheets and image previews: recorded as UI state a test reads, answered by the
// host's controls as a person would answer them.
import { failure } from '../core/errors'
import type { Toast } from '../core/ui-state'
import type { DefineAsync } from './define'
import type { WxHost } from './host'

export function installInteraction(define: DefineAsync, host: Pick<WxHost, 'dialogs'>): void {
  const ui = host.dialogs.ui
  let toastTimer: NodeJS.Timeout | undefined
  define('showToast', (options) => {
    if (typeof options.title !== 'string')
      throw failure('showToast', 'parameter.title should be a string')
    const toast: Toast = {
      title: options.title,
      icon: String(options.icon ?? 'success'),
      image: typeof options.image === 'string' ? options.image : undefined,
      duration: Number(options.duration ?? 1500),
      mask: Boolean(options.mask),
    }
    ui.loading = null
    ui.toast = toast
    ui.toasts.push(toast)
    if (toastTimer) clearTimeout(toastTimer)
    toastTimer = setTimeout(() => {
      if (ui.toast === toast) ui.toast = null
    }, toast.duration)
    toastTimer.unref()
    return {}
  })
  define('hideToast', () => {
    ui.toast = null
    return {}
  })
  define('showLoading', (options) => {
    ui.toast = null
    ui.loading = { title: String(options.title ?? ''), mask: Boolean(options.mask) }
    return {}
  })
  define('hideLoading', () => {
    ui.loading = null
    return {}
  })
  define('showModal', (options) =>
    host.dialogs.showModal({
      title: String(options.title ?? ''),
      content: String(options.content ?? ''),
      showCancel: options.showCancel !== false,
      cancelText: String(options.cancelText ?? '取消'),
      confirmText: String(options.confirmText ?? '确定'),
      editable: Boolean(options.editable),
      placeholderText: String(options.placeholderText ?? ''),
    }),
  )
  define('showActionSheet', (options) => {
    const items = options.itemList
    if (!Array.isArray(items) || items.length === 0 || items.length > 6) {
      throw failure('showActionSheet', 'parameter.itemList should have 1 to 6 items')
    }
    return host.dialogs.showActionSheet({
      itemList: items.map(String),
      alertText: String(options.alertText ?? ''),
    })
  })
  define('previewImage', (options) => {
    ui.previewImage = {
      urls: (Array.isArray(options.urls) ? options.urls : []).map(String),
      current: String(options.current ?? ''),
    }
    return {}
  })
}
