/** A round avatar: the picture when there is one (and it loads), otherwise the name's first character. */

const PALETTE = ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#6dc8ec', '#9270ca', '#ff9d4d']

function initialOf(name: string): string {
  const trimmed = name.trim()
  return trimmed === '' ? '?' : Array.from(trimmed)[0]!.toUpperCase()
}

function colorOf(name: string): string {
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]!
}

Component({
  properties: {
    src: { type: String, value: '' },
    name: { type: String, value: '' },
    /** Edge length in rpx. */
    size: { type: Number, value: 88 },
  },
  data: {
    initial: '?',
    color: PALETTE[0]!,
    failed: false,
  },
  observers: {
    name(name: string) {
      this.setData({ initial: initialOf(name), color: colorOf(name) })
    },
    src() {
      if (this.data.failed) this.setData({ failed: false })
    },
  },
  methods: {
    onImageError() {
      this.setData({ failed: true })
    },
  },
})
