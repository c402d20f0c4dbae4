/**
 * The content of one chat message: text (emoji-only large), a picture sized from its reported dimensions, a
 * voice bubble as wide as it is long (its seconds, waves that move while it plays, a red dot until played), a
 * video cover (a placeholder when the server made none) with its duration, a file with its type icon, name and
 * size, upload or download progress on both, a profile card. Tapping a picture opens the full-size preview;
 * other taps go to the page as `mediatap`.
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
    /** Voice, video, file: see package-chat/models/media.ts MediaRow. */
    media: { type: Object, value: {} },
    /** Card: userID, nick, avatar. */
    card: { type: Object, value: {} },
    /** Upload progress of a video or file being sent, or download progress of a file being opened, 0–100. */
    progress: { type: Number, value: 0 },
    /** This voice is playing now (the page plays one at a time). */
    playing: { type: Boolean, value: false },
    /** A received voice not played yet: the red dot beside it. */
    unplayed: { type: Boolean, value: false },
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
    /** Voice, video, file and card taps go to the page, which knows the message. */
    onTapMedia() {
      this.triggerEvent('mediatap')
    },
    onTapImage() {
      const url = this.data.imageUrl
      if (url) wx.previewImage({ urls: [url], current: url })
    },
  },
})
