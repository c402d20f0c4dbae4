// form: collects named fields on submit, clears them on reset.
import {
  componentIdOf,
  datasetOf,
  idOf,
  nodeOf,
  type FrameworkNode,
  type Instance,
} from '../framework'
import { instanceOf } from '../framework'
import { data, descendants, register } from './kit'

export const fieldValue: Record<string, (node: FrameworkNode) => unknown> = {
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

export function collectForm(form: FrameworkNode): Record<string, unknown> {
  const value: Record<string, unknown> = {}
  for (const field of descendants(form, Object.keys(fieldValue))) {
    const name = data(field).name
    const read = fieldValue[componentIdOf(field)]
    if (name && read) value[name] = read(field)
  }
  return value
}

export function registerForm(): void {
  register('form', {
    properties: { reportSubmit: Boolean, reportSubmitTimeout: Number },
    methods: {
      hostAction(this: Instance, action: 'submit' | 'reset', button: FrameworkNode) {
        if (action === 'submit') {
          this.triggerEvent('submit', {
            value: collectForm(nodeOf(this)),
            target: { id: idOf(button), dataset: datasetOf(button) },
          })
          return
        }
        for (const field of descendants(nodeOf(this), ['input', 'textarea']))
          instanceOf(field)?.setData({ value: '' })
        for (const field of descendants(nodeOf(this), ['switch', 'checkbox', 'radio'])) {
          instanceOf(field)?.setData({ checked: false })
        }
        this.triggerEvent('reset', {})
      },
    },
  })
}
