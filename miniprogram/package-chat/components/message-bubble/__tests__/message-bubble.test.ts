/** @jest-environment jsdom */
import { flush, loadSimulate, renderComponent } from '@tim-c2c/test-support/simulate'

loadSimulate()

afterEach(() => jest.restoreAllMocks())

test('a text message renders its text in a bubble on its side', async () => {
  const bubble = renderComponent('package-chat/components/message-bubble/index', {
    type: 'text',
    flow: 'out',
    text: '你好',
  })
  await flush()
  const node = bubble.querySelector('.bubble')
  expect(node?.dom?.textContent).toBe('你好')
  expect(node?.dom?.className).toContain('bubble--out')
  bubble.detach()
})

test('a picture keeps its aspect ratio within 160 px and opens the preview on tap', async () => {
  const preview = jest.spyOn(wx, 'previewImage')
  const bubble = renderComponent('package-chat/components/message-bubble/index', {
    type: 'image',
    imageUrl: 'https://cos.example.cn/p.jpg',
    imageWidth: 1200,
    imageHeight: 600,
  })
  await flush()
  expect(bubble.data.boxWidth).toBe(160)
  expect(bubble.data.boxHeight).toBe(80)
  bubble.querySelector('.picture')!.dispatchEvent('tap')
  await flush()
  expect(preview).toHaveBeenCalledWith(
    expect.objectContaining({ urls: ['https://cos.example.cn/p.jpg'] }),
  )
  bubble.detach()
})
