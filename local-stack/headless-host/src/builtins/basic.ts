// Containers, text, icons, progress bars and images.
import { imageSize } from '../core/files'
import { nodeOf, type Instance } from '../framework'
import { register, type BuiltinsHost } from './kit'

const plainContainers = [
  'view',
  'cover-view',
  'swiper-item',
  'label',
  'movable-area',
  'movable-view',
]

export function registerBasics(host: BuiltinsHost): void {
  for (const id of plainContainers) {
    register(id, { properties: { hoverClass: String, hoverStopPropagation: Boolean } })
  }

  // Page settings written in the page (font sizes, page style …): drawn nowhere, read by the renderer.
  register('page-meta', {
    properties: {
      backgroundTextStyle: String,
      backgroundColor: String,
      backgroundColorTop: String,
      backgroundColorBottom: String,
      rootBackgroundColor: String,
      scrollTop: String,
      scrollDuration: { type: Number, value: 300 },
      pageStyle: String,
      rootFontSize: String,
      pageFontSize: String,
      pageOrientation: String,
    },
  })

  register('text', {
    properties: { selectable: Boolean, userSelect: Boolean, space: String, decode: Boolean },
  })

  register('icon', {
    template:
      '<span class="wx-icon wx-icon-{{type}}" style="font-size:{{size}}px;color:{{color}}"></span>',
    properties: { type: String, size: { type: Number, value: 23 }, color: String },
  })

  register('progress', {
    template:
      '<span class="wx-progress-bar" style="height:{{strokeWidth}}px;background:{{backgroundColor}}"><span class="wx-progress-inner" style="width:{{percent}}%;background:{{activeColor}}"></span></span>',
    properties: {
      percent: Number,
      strokeWidth: { type: Number, value: 6 },
      activeColor: { type: String, value: '#09BB07' },
      backgroundColor: { type: String, value: '#EBEBEB' },
      showInfo: Boolean,
    },
  })

  register('image', {
    template: '<span class="wx-image-content"></span>',
    properties: {
      src: { type: String, observer: 'hostLoad' },
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: Boolean,
      webp: Boolean,
      showMenuByLongpress: Boolean,
    },
    methods: {
      hostLoad(this: Instance, src: string) {
        if (!src) return
        // Pictures load by themselves: only local ones are fetched, so no page reaches another machine on its own.
        const remote =
          /^https?:\/\//.test(src) && !/^https?:\/\/(127\.0\.0\.1|localhost|tmp|usr)[:/]/.test(src)
        const loading = remote
          ? Promise.reject(new Error('remote pictures are not fetched by the host'))
          : host.files.read(host.resolveAsset(nodeOf(this), src)).then(imageSize)
        loading.then(
          (info) => {
            if (this.data.src === src)
              this.triggerEvent('load', { width: info.width, height: info.height })
          },
          (error: Error) => {
            if (this.data.src === src)
              this.triggerEvent('error', { errMsg: `GET ${src} ${error.message}` })
          },
        )
      },
    },
  })
}
