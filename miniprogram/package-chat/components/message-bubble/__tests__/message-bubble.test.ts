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

test('a voice shows its seconds at its width, waves that move while it plays, and a red dot until played', async () => {
  const media = { seconds: 7, width: 214, url: 'http://127.0.0.1:9000/files/v' }
  const bubble = renderComponent('package-chat/components/message-bubble/index', {
    type: 'sound',
    flow: 'in',
    media,
    unplayed: true,
  })
  await flush()
  const voice = bubble.querySelector('.voice')!
  expect(voice.dom?.textContent).toContain("7''")
  // simulate writes rpx as px.
  expect(voice.dom?.getAttribute('style')).toMatch(/width: 214(rpx|px)/)
  expect(voice.dom?.className).not.toContain('voice--playing')
  expect(bubble.querySelector('.voice__dot')).toBeDefined()
  expect(bubble.querySelectorAll('.voice__wave')).toHaveLength(3)
  bubble.setData({ unplayed: false, playing: true })
  await flush()
  expect(bubble.querySelector('.voice__dot')).toBeUndefined()
  expect(bubble.querySelector('.voice')!.dom?.className).toContain('voice--playing')
  bubble.detach()
})
