// What the phone shows outside the page (toasts, modals, action sheets, pickers, the privacy prompt), kept as
// state a test reads, and the answers a person gives to each.
import type { Instance } from '../framework'
import { failure } from './errors'

export interface Toast {
  title: string
  icon: string
  image?: string
  duration: number
  mask: boolean
}

export interface Modal {
  title: string
  content: string
  showCancel: boolean
  cancelText: string
  confirmText: string
  editable: boolean
  placeholderText: string
}

export interface UiState {
  toast: Toast | null
  toasts: Toast[]
  loading: { title: string; mask: boolean } | null
  modal: Modal | null
  modals: Modal[]
  actionSheet: { itemList: string[]; alertText: string } | null
  picker: { mode: string; range: unknown[]; rangeKey: string; value: unknown } | null
  previewImage: { urls: string[]; current: string } | null
  privacyPrompt: boolean
  privacyContractOpened: number
  shares: unknown[]
  navigationBarLoading: boolean
  navigationBarColor: { frontColor: string; backgroundColor: string } | null
  clipboard: string
  vibrations: number
}

export function emptyUi(): UiState {
  return {
    toast: null,
    toasts: [],
    loading: null,
    modal: null,
    modals: [],
    actionSheet: null,
    picker: null,
    previewImage: null,
    privacyPrompt: false,
    privacyContractOpened: 0,
    shares: [],
    navigationBarLoading: false,
    navigationBarColor: null,
    clipboard: '',
    vibrations: 0,
  }
}

type Result = Record<string, unknown>
interface Pending {
  resolve: (result: Result) => void
  reject: (error: unknown) => void
}

/** Open dialogs waiting for a person's answer. */
export class Dialogs {
  readonly ui: UiState = emptyUi()
  privacyAgreed = false
  private pendingModal: ((result: Result) => void) | undefined
  private pendingActionSheet: Pending | undefined
  private readonly pendingPrivacy: Pending[] = []
  private pickerOwner: Instance | undefined

  constructor(
    /** Asks the app's wx.onNeedPrivacyAuthorization listener, if it has one (false: the host prompts). */
    private readonly askApp: (answer: (result: unknown) => void, api: string) => boolean,
  ) {}

  showModal(modal: Modal): Promise<Result> {
    if (this.ui.modal) this.answerModal(false)
    this.ui.modal = modal
    this.ui.modals.push(modal)
    return new Promise((resolve) => {
      this.pendingModal = resolve
    })
  }

  answerModal(confirm: boolean, content?: string): void {
    const modal = this.ui.modal
    const resolve = this.pendingModal
    if (!modal || !resolve) throw new Error('no modal is showing')
    this.ui.modal = null
    this.pendingModal = undefined
    const result: Result = { confirm, cancel: !confirm }
    if (modal.editable) result.content = confirm ? (content ?? '') : ''
    resolve(result)
  }

  showActionSheet(sheet: { itemList: string[]; alertText: string }): Promise<Result> {
    this.ui.actionSheet = sheet
    return new Promise((resolve, reject) => {
      this.pendingActionSheet = { resolve, reject }
    })
  }

  answerActionSheet(tapIndex: number | undefined): void {
    const sheet = this.ui.actionSheet
    const pending = this.pendingActionSheet
    if (!sheet || !pending) throw new Error('no action sheet is showing')
    if (
      tapIndex !== undefined &&
      (!Number.isInteger(tapIndex) || tapIndex < 0 || tapIndex >= sheet.itemList.length)
    ) {
      throw new Error(`the action sheet has no item ${String(tapIndex)}`)
    }
    this.ui.actionSheet = null
    this.pendingActionSheet = undefined
    if (tapIndex === undefined) pending.reject(failure('showActionSheet', 'cancel'))
    else pending.resolve({ tapIndex })
  }

  openPicker(picker: Instance): void {
    this.pickerOwner = picker
    this.ui.picker = {
      mode: String(picker.data.mode),
      range: Array.isArray(picker.data.range) ? picker.data.range : [],
      rangeKey: String(picker.data.rangeKey ?? ''),
      value: picker.data.value,
    }
  }

  answerPicker(value: unknown, cancel: boolean): void {
    const picker = this.pickerOwner
    if (!picker || !this.ui.picker) throw new Error('no picker is open')
    this.ui.picker = null
    this.pickerOwner = undefined
    if (cancel) picker.hostCancel()
    else picker.hostChoose(value)
  }

  requirePrivacy(api: string): Promise<Result> | Result {
    if (this.privacyAgreed) return {}
    return new Promise((resolve, reject) => {
      this.pendingPrivacy.push({ resolve, reject })
      const answer = (result: unknown): void => {
        const event = (result as { event?: string } | undefined)?.event
        if (event === 'agree') this.agreePrivacy()
        else if (event === 'disagree') this.disagreePrivacy()
      }
      if (!this.askApp(answer, api)) this.ui.privacyPrompt = true
    })
  }

  agreePrivacy(): void {
    this.privacyAgreed = true
    this.ui.privacyPrompt = false
    for (const pending of this.pendingPrivacy.splice(0)) pending.resolve({})
  }

  disagreePrivacy(): void {
    this.ui.privacyPrompt = false
    for (const pending of this.pendingPrivacy.splice(0))
      pending.reject(failure('requirePrivacyAuthorize', 'privacy permission is not authorized'))
  }

  clearHistory(): void {
    this.ui.toasts.length = 0
    this.ui.modals.length = 0
    this.ui.shares.length = 0
  }
}
