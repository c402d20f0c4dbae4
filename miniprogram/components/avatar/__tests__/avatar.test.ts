/** @jest-environment jsdom */
import { flush, renderComponent } from '@tim-c2c/test-support/simulate'

test('without a picture it shows the first character of the name', async () => {
  const avatar = renderComponent('components/avatar/index', { name: 'bob', src: '' })
  await flush()
  expect(avatar.querySelector('.avatar--initial')?.dom?.textContent).toBe('B')
  expect(avatar.querySelectorAll('.avatar')).toHaveLength(1)
  avatar.detach()
})

test('a picture that fails to load falls back to the initial, and a new picture is tried again', async () => {
  const avatar = renderComponent('components/avatar/index', {
    name: '小明',
    src: 'https://cdn.example.cn/a.png',
  })
  await flush()
  expect(avatar.querySelector('.avatar--initial')).toBeUndefined()
  avatar.querySelector('.avatar')!.dispatchEvent('error')
  await flush()
  expect(avatar.querySelector('.avatar--initial')?.dom?.textContent).toBe('小')

  avatar.setData({ src: 'https://cdn.example.cn/b.png' })
  await flush()
  expect(avatar.querySelector('.avatar--initial')).toBeUndefined()
  avatar.detach()
})
