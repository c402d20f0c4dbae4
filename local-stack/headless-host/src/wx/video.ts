// wx.createVideoContext(id, component?): the <video> with that id in the current page (or inside the given
// component), found when a method is called; each method is the video's own (builtins/video.ts).
import type { WxHost, WxObject } from './host'

const METHODS = [
  'play',
  'pause',
  'stop',
  'seek',
  'requestFullScreen',
  'exitFullScreen',
  'playbackRate',
  'sendDanmu',
  'showStatusBar',
  'hideStatusBar',
] as const

export function installVideo(wx: WxObject, host: Pick<WxHost, 'findById' | 'reporter'>): void {
  wx.createVideoContext = (id: unknown, component?: unknown) => {
    const context: Record<string, unknown> = {}
    for (const method of METHODS) {
      context[method] = (...args: unknown[]) => {
        const video = host.findById(String(id), component)
        // WeChat does nothing visible when the id matches no video; the host says so on the console.
        if (!video || typeof video.hostContext !== 'function') {
          host.reporter.callSafely(() => {
            throw new Error(`VideoContext.${method}: no <video id="${String(id)}"> here`)
          })
          return undefined
        }
        return (video.hostContext as (name: string, rest: unknown[]) => unknown)(method, args)
      }
    }
    return context
  }
}
