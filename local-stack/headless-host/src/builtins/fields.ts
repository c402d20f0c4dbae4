// input and textarea: typed text (from the automator's input() or a live viewer), maxlength, confirm.
import type { Instance } from '../framework'
import { register } from './kit'

export function registerFields(): void {
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
    hostInput(this: Instance, text: unknown) {
      if (this.data.disabled) throw new Error(`${this.is ?? 'input'} is disabled`)
      let value = String(text ?? '')
      const maxlength = Number(this.data.maxlength)
      if (maxlength >= 0 && value.length > maxlength) value = value.slice(0, maxlength)
      this.setData({ value })
      const keyCode = value.length > 0 ? value.charCodeAt(value.length - 1) : 8
      this.triggerEvent('input', { value, cursor: value.length, keyCode })
    },
    hostConfirm(this: Instance) {
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
}
