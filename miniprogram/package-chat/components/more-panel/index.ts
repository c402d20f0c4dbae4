/**
 * The "+" panel under the chat's input bar, as WeChat's: a grid of what can be sent besides text. It only
 * reports `pick` with the item's `kind`; the page runs each kind (图片 and 视频 through chooseMedia, 文件
 * through chooseMessageFile, 名片 through the friend picker). An item is listed only once something handles its kind.
 */

export type MoreKind = 'image' | 'video' | 'file' | 'card'

export interface MoreItem {
  kind: MoreKind
  /** Element id (e2e specs tap `image-button`). */
  id: string
  label: string
  ariaLabel: string
  icon: string
}

export const MORE_ITEMS: readonly MoreItem[] = [
  {
    kind: 'image',
    id: 'image-button',
    label: '图片',
    ariaLabel: '发送图片',
    icon: '/package-chat/assets/more-image.svg',
  },
  {
    kind: 'video',
    id: 'video-button',
    label: '视频',
    ariaLabel: '发送视频',
    icon: '/package-chat/assets/more-video.svg',
  },
  {
    kind: 'file',
    id: 'file-button',
    label: '文件',
    ariaLabel: '发送聊天中的文件',
    icon: '/package-chat/assets/more-file.svg',
  },
  {
    kind: 'card',
    id: 'card-button',
    label: '名片',
    ariaLabel: '发送好友名片',
    icon: '/package-chat/assets/more-card.svg',
  },
]

Component({
  data: {
    items: MORE_ITEMS,
  },
  methods: {
    onTapItem(event: WechatMiniprogram.TouchEvent<object, object, { kind: MoreKind }>) {
      const kind = event.currentTarget.dataset.kind
      if (kind) this.triggerEvent('pick', { kind })
    },
  },
})
