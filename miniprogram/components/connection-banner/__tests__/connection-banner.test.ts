/** @jest-environment jsdom */
import { countNodes, flush, renderComponent } from '../../../../scripts/lib/simulate-host'
import { networkStore } from '../../../stores/network'
import { runInAction } from '../../../stores/mobx'

// The first render compiles the whole mini-program's WXML with wcc; the root jest run ignores testTimeout.
jest.setTimeout(60_000)

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
  expect(banner.querySelector('.banner')?.dom?.textContent).toBe('网络连接已断开，正在等待网络恢复')

  runInAction(() => networkStore.setConnection('connected'))
  await flush()
  expect(banner.querySelector('.banner')).toBeUndefined()
  expect(countNodes(banner)).toBe(0)
  banner.detach()
})
