// video: drawn as its poster with a centre play button and a control bar (play / pause, time, full screen);
// playing reads the file's length (mp4box) and advances on the host's clock with timeupdate, ended, and
// fullscreenchange when the app asks for full screen through its VideoContext or the button is tapped.
import { mimeOf } from '../core/files'
import { videoInfo } from '../core/media-info'
import { addListener, nodeOf, type Instance } from '../framework'
import { register, type BuiltinsHost } from './kit'

const TICK_MS = 250

const clock = (seconds: number): string => {
  const whole = Math.floor(seconds)
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`
}

const TEMPLATE = `<span class="wx-video-center-play" wx:if="{{showCenterPlayBtn && !hostPlaying && !hostStarted}}" bindtap="hostTapPlay"></span>
<span class="wx-video-bar" wx:if="{{controls}}"><span class="wx-video-button {{hostPlaying ? 'wx-video-pause' : 'wx-video-play'}}" wx:if="{{showPlayBtn}}" bindtap="hostTapToggle"></span><span class="wx-video-time">{{hostTimeText}}</span><span class="wx-video-fullscreen" wx:if="{{showFullscreenBtn}}" bindtap="hostTapFullScreen"></span></span><slot></slot>`

export function registerVideo(host: BuiltinsHost): void {
  register('video', {
    template: TEMPLATE,
    properties: {
      src: { type: String, observer: 'hostSource' },
      poster: String,
      duration: Number,
      controls: { type: Boolean, value: true },
      autoplay: Boolean,
      loop: Boolean,
      muted: Boolean,
      initialTime: Number,
      direction: Number,
      objectFit: { type: String, value: 'contain' },
      showProgress: { type: Boolean, value: true },
      showFullscreenBtn: { type: Boolean, value: true },
      showPlayBtn: { type: Boolean, value: true },
      showCenterPlayBtn: { type: Boolean, value: true },
      showMuteBtn: Boolean,
      title: String,
      enableProgressGesture: { type: Boolean, value: true },
      pageGesture: Boolean,
      autoPauseIfNavigate: { type: Boolean, value: true },
      autoPauseIfOpenNative: { type: Boolean, value: true },
      enablePlayGesture: Boolean,
      playBtnPosition: { type: String, value: 'bottom' },
      danmuList: Array,
      danmuBtn: Boolean,
      enableDanmu: Boolean,
    },
    data: {
      hostPlaying: false,
      hostStarted: false,
      hostFullScreen: false,
      hostTimeText: '00:00',
      hostDuration: 0,
    },
    lifetimes: {
      attached(this: Instance) {
        // A tap on the video itself (not on one of its buttons) starts it the first time, as the centre button does.
        addListener(nodeOf(this), 'tap', () => {
          if (this.hostHandledTap) return void (this.hostHandledTap = false)
          if (!this.data.hostStarted) this.hostPlay()
        })
      },
      detached(this: Instance) {
        this.hostStop(false)
      },
    },
    methods: {
      hostSource(this: Instance, src: string) {
        this.hostStop(false)
        this.hostLoaded = undefined
        this.hostPosition = Number(this.data.initialTime) || 0
        if (src && this.data.autoplay) this.hostPlay()
      },
      hostLoad(this: Instance): Promise<boolean> {
        const src = String(this.data.src ?? '')
        this.hostLoaded ??= host.files
          .read(host.resolveAsset(nodeOf(this), src))
          .then((bytes) => videoInfo(bytes))
          .then(
            (info) => {
              const duration = Number(this.data.duration) || info.duration
              this.setData({ hostDuration: duration })
              this.triggerEvent('loadedmetadata', {
                width: info.width,
                height: info.height,
                duration,
              })
              return true
            },
            (error: Error) => {
              this.triggerEvent('error', {
                errMsg: `MEDIA_ERR_SRC_NOT_SUPPORTED ${error.message} (${mimeOf(src)})`,
              })
              return false
            },
          )
        return this.hostLoaded
      },
      hostCurrentTime(this: Instance): number {
        const position = Number(this.hostPosition) || 0
        if (!this.data.hostPlaying) return position
        return Math.min(this.data.hostDuration, position + (Date.now() - this.hostSince) / 1000)
      },
      hostPlay(this: Instance) {
        if (this.data.hostPlaying || !this.data.src) return
        this.hostWantsPlay = true
        void this.hostLoad().then((ok: boolean) => {
          if (!ok || !this.hostWantsPlay || this.data.hostPlaying) return
          if ((Number(this.hostPosition) || 0) >= this.data.hostDuration) this.hostPosition = 0
          this.hostSince = Date.now()
          this.setData({ hostPlaying: true, hostStarted: true })
          this.hostTimer = setInterval(() => this.hostTick(), TICK_MS)
          this.hostTimer.unref?.()
          this.triggerEvent('play', {})
        })
      },
      hostTick(this: Instance) {
        const currentTime = this.hostCurrentTime()
        const duration = this.data.hostDuration
        this.setData({ hostTimeText: `${clock(currentTime)} / ${clock(duration)}` })
        this.triggerEvent('timeupdate', { currentTime, duration })
        if (currentTime < duration) return
        if (this.data.loop) {
          this.hostPosition = 0
          this.hostSince = Date.now()
          return
        }
        this.hostStop(false)
        this.hostPosition = duration
        this.triggerEvent('ended', {})
      },
      hostPause(this: Instance) {
        this.hostWantsPlay = false
        if (!this.data.hostPlaying) return
        this.hostStop(false)
        this.triggerEvent('pause', {})
      },
      hostStop(this: Instance, rewind: boolean) {
        this.hostWantsPlay = false
        if (this.hostTimer) clearInterval(this.hostTimer)
        this.hostTimer = undefined
        if (this.data?.hostPlaying) {
          this.hostPosition = this.hostCurrentTime()
          this.setData({ hostPlaying: false })
        }
        if (rewind) this.hostPosition = 0
      },
      hostSeek(this: Instance, position: unknown) {
        this.hostPosition = Math.max(0, Number(position) || 0)
        this.hostSince = Date.now()
        this.triggerEvent('seekcomplete', { position: this.hostPosition })
      },
      hostFullScreen(this: Instance, on: boolean, direction?: unknown) {
        if (Boolean(this.data.hostFullScreen) === on) return
        this.setData({ hostFullScreen: on })
        const turned = on ? Number(direction ?? this.data.direction ?? 0) : 0
        this.triggerEvent('fullscreenchange', {
          fullScreen: on,
          direction: turned === 90 || turned === -90 ? 'horizontal' : 'vertical',
        })
      },
      hostTapPlay(this: Instance) {
        this.hostHandledTap = true
        this.hostPlay()
      },
      hostTapToggle(this: Instance) {
        this.hostHandledTap = true
        if (this.data.hostPlaying) this.hostPause()
        else this.hostPlay()
      },
      hostTapFullScreen(this: Instance) {
        this.hostHandledTap = true
        this.hostFullScreen(!this.data.hostFullScreen)
      },
      /** What a VideoContext (wx.createVideoContext, the automator's callContextMethod) asks of this video. */
      hostContext(this: Instance, method: string, args: unknown[]): unknown {
        const [first] = args
        switch (method) {
          case 'play':
            return this.hostPlay()
          case 'pause':
            return this.hostPause()
          case 'stop':
            this.hostStop(true)
            return this.triggerEvent('pause', {})
          case 'seek':
            return this.hostSeek(first)
          case 'requestFullScreen':
            return this.hostFullScreen(
              true,
              (first as { direction?: unknown } | undefined)?.direction,
            )
          case 'exitFullScreen':
            return this.hostFullScreen(false)
          case 'playbackRate':
          case 'sendDanmu':
          case 'showStatusBar':
          case 'hideStatusBar':
            return undefined
          default:
            throw new Error(`not supported by the host: VideoContext.${method}`)
        }
      },
    },
  })
}
