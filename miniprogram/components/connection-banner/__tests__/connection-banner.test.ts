/** @jest-environment jsdom */
import { countNodes, flush, renderComponent } from '@tim-c2c/test-support/simulate'
import { im } from '../../../im/index'
import { networkStore } from '../../../stores/network'
import { runInAction } from '../../../stores/mobx'

afterEach(() => runInAction(() => networkStore.reset()))

test('shows the store banner text while not connected and hides once connected', async () => {
  runInAction(() => networkStore.setConnection('connecting'))
  const banner = renderComponent('components/connection-banner/index')
  await flush()
  const node = banner.querySelector('.banner')
  expect(node?.dom?.textContent).toBe(networkStore.bannerText)
  expect(node?.dom?.textContent).toBe('连接中…')
  expect(node?.dom?.className).toContain('banner--connecting')

  runInAction(() => networkStore.setConnection('disconnected'))
  await flush()
  expect(banner.querySelector('.banner')?.dom?.textContent).toBe('连接中断，正在重连…')

  runInAction(() => networkStore.setConnection('offline'))
  await flush()
  expect(banner.querySelector('.banner')?.dom?.textContent).toBe('网络不可用，请检查网络设置')
  expect(banner.querySelector('#connection-retry')).toBeUndefined()

  runInAction(() => networkStore.setConnection('connected'))
  await flush()
  expect(banner.querySelector('.banner')).toBeUndefined()
  expect(countNodes(banner)).toBe(0)
  banner.detach()
})

test('the final state says 连接已断开 and its 重试 asks the IM door for a fresh login', async () => {
  const retry = jest.spyOn(im, 'retry').mockImplementation(() => undefined)
  runInAction(() => networkStore.setConnection('failed'))
  const banner = renderComponent('components/connection-banner/index')
  await flush()
  expect(banner.querySelector('.banner')?.dom?.textContent).toBe('连接已断开重试')
  expect(banner.querySelector('.banner')?.dom?.className).toContain('banner--failed')
  banner.querySelector('#connection-retry')!.dispatchEvent('tap')
  await flush()
  expect(retry).toHaveBeenCalledTimes(1)
  banner.detach()
  retry.mockRestore()
})
