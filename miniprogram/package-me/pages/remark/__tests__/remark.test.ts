/** @jest-environment jsdom */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { ApiError } from '../../../../services/http'
import { contactStore, resetAllStores } from '../../../../stores/index'
import { runInAction } from '../../../../stores/mobx'
import { remarkFlow } from '../../../flows/remark'

loadSimulate()

let page: RenderedComponent

afterEach(() => {
  page?.detach()
  jest.restoreAllMocks()
  resetAllStores()
})

async function openEditor(userID: string): Promise<RenderedComponent> {
  const rendered = renderComponent('package-me/pages/remark/index')
  ;(rendered.instance.onLoad as (query: Record<string, string>) => void)({ userID })
  await flush()
  return rendered
}

function data(component: RenderedComponent) {
  return component.instance.data as { remarkDraft: string; placeholder: string }
}

async function type(component: RenderedComponent, value: string) {
  component.querySelector('#remark-input')!.dispatchEvent('input', { detail: { value } })
  await flush()
}

test('opens with my current remark and the nickname as the hint; saving sends the draft and goes back', async () => {
  runInAction(() =>
    contactStore.setFriends([{ userID: 'bob', nick: '鲍勃', avatar: '' }], { bob: '老同学' }),
  )
  const save = jest.spyOn(remarkFlow, 'save').mockResolvedValue(undefined)
  const back = jest.spyOn(wx, 'navigateBack')
  page = await openEditor('bob')
  expect(data(page)).toMatchObject({
    remarkDraft: '老同学',
    placeholder: '添加备注名（昵称：鲍勃）',
  })
  expect(page.querySelector('#clear-remark-button')).toBeDefined()

  await type(page, '大学室友')
  page.querySelector('#save-remark-button')!.dispatchEvent('tap')
  await flush()
  expect(save).toHaveBeenCalledWith('bob', '大学室友')
  expect(back).toHaveBeenCalledWith(expect.objectContaining({ delta: 1 }))
})

test('the clear button empties the input; saving it clears the remark', async () => {
  runInAction(() =>
    contactStore.setFriends([{ userID: 'bob', nick: '鲍勃', avatar: '' }], { bob: '老同学' }),
  )
  const save = jest.spyOn(remarkFlow, 'save').mockResolvedValue(undefined)
  page = await openEditor('bob')
  page.querySelector('#clear-remark-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#clear-remark-button')).toBeUndefined()
  page.querySelector('#save-remark-button')!.dispatchEvent('tap')
  await flush()
  expect(save).toHaveBeenCalledWith('bob', '')
})

test('a refused remark stays on the page with the reason; typing again hides it', async () => {
  jest
    .spyOn(remarkFlow, 'save')
    .mockRejectedValue(new ApiError(400, '备注包含不允许使用的内容，请换一个', 'remark_rejected'))
  const back = jest.spyOn(wx, 'navigateBack')
  page = await openEditor('bob')
  expect(data(page).remarkDraft).toBe('')
  await type(page, '刷单返利')
  page.querySelector('#save-remark-button')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#remark-error')?.dom?.textContent).toBe(
    '备注包含不允许使用的内容，请换一个',
  )
  expect(back).not.toHaveBeenCalled()
  expect(data(page).remarkDraft).toBe('刷单返利')
  await type(page, '小王')
  expect(page.querySelector('#remark-error')).toBeUndefined()
})
