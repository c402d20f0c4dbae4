/**
 * The content of one chat message: text, a picture sized from its reported dimensions, or a placeholder.
 * Tapping a picture opens the full-size preview.
 */

/** Longest edge of a picture in the chat, in px; the platform scales rpx itself, so this stays simple. */
const IMAGE_MAX_EDGE = 160

export function imageBoxSize(width?: number, height?: number): { width: number; height: number } {
  if (!width || !height || width <= 0 || height <= 0) {
    return { width: IMAGE_MAX_EDGE, height: IMAGE_MAX_EDGE }
  }
  const scale = Math.min(1, IMAGE_MAX_EDGE / Math.max(width, height))
  return {
    width: Math.max(40, Math.round(width * scale)),
    height: Math.max(40, Math.round(height * scale)),
  }
}

Component({
  properties: {
    type: { type: String, value: 'text' },
    flow: { type: String, value: 'in' },
    text: { type: String, value: '' },
    bigEmoji: { type: Boolean, value: false },
    imageUrl: { type: String, value: '' },
    imageWidth: { type: Number, value: 0 },
    imageHeight: { type: Number, value: 0 },
  },
  data: {
    boxWidth: IMAGE_MAX_EDGE,
    boxHeight: IMAGE_MAX_EDGE,
  },
  observers: {
    'imageWidth, imageHeight'(width: number, height: number) {
      const box = imageBoxSize(width, height)
      this.setData({ boxWidth: box.width, boxHeight: box.height })
    },
  },
  methods: {
    onTapImage() {
      const url = this.data.imageUrl
      if (url) wx.previewImage({ urls: [url], current: url })
    },
  },
})
