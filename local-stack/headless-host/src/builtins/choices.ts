// Choices a tap makes: switch, checkbox (+ group), radio (+ group), slider, picker (answered by a test).
import { nodeOf, type Instance } from '../framework'
import { fieldValue } from './form'
import { instanceOf } from '../framework'
import { descendants, findAncestor, onTap, register, type BuiltinsHost } from './kit'

export function registerChoices(host: BuiltinsHost): void {
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
      hostToggle(this: Instance) {
        if (this.data.disabled) return
        const checked = !this.data.checked
        this.setData({ checked })
        this.triggerEvent('change', { value: checked })
      },
    },
    lifetimes: {
      attached(this: Instance) {
        onTap(host, this, () => this.hostToggle())
      },
    },
  })

  register('checkbox-group', { properties: { name: String } })
  register('checkbox', {
    template:
      "<span class=\"wx-checkbox-input {{checked ? 'wx-checkbox-input-checked' : ''}}\"></span><slot/>",
    properties: { value: String, checked: Boolean, disabled: Boolean, color: String },
    lifetimes: {
      attached(this: Instance) {
        onTap(host, this, () => {
          if (this.data.disabled) return
          this.setData({ checked: !this.data.checked })
          const group = findAncestor(nodeOf(this), 'checkbox-group')
          if (group)
            instanceOf(group)?.triggerEvent('change', {
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
      attached(this: Instance) {
        onTap(host, this, () => {
          if (this.data.disabled || this.data.checked) return
          const group = findAncestor(nodeOf(this), 'radio-group')
          for (const other of group ? descendants(group, ['radio']) : []) {
            if (other !== nodeOf(this)) instanceOf(other)?.setData({ checked: false })
          }
          this.setData({ checked: true })
          if (group) instanceOf(group)?.triggerEvent('change', { value: this.data.value })
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
      hostSlideTo(this: Instance, target: unknown) {
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
      hostChoose(this: Instance, value: unknown) {
        this.setData({ value })
        this.triggerEvent('change', { value })
      },
      hostCancel(this: Instance) {
        this.triggerEvent('cancel', {})
      },
    },
    lifetimes: {
      attached(this: Instance) {
        onTap(host, this, () => {
          if (this.data.disabled) return
          host.dialogs.openPicker(this)
        })
      },
    },
  })
}
