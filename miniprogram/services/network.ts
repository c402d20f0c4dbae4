/**
 * Whether the phone has a network, from wx.getNetworkType and wx.onNetworkStatusChange.
 *
 * tim-wx-sdk calls wx.offNetworkStatusChange() with no argument whenever it resets (logout, kick, destroy),
 * which drops every listener of the app too. `resubscribe()` puts ours back; the IM calls it after each of those.
 */

export type NetworkListener = (online: boolean) => void

export interface NetworkWatch {
  isOnline(): Promise<boolean>
  watch(listener: NetworkListener): () => void
  resubscribe(): void
}

export function createNetworkWatch(): NetworkWatch {
  const listeners = new Set<NetworkListener>()
  const relay: WechatMiniprogram.OnNetworkStatusChangeCallback = (result) => {
    for (const listener of [...listeners]) listener(result.isConnected)
  }
  // The typings give the off-callback a narrower parameter; the platform matches the very function passed to on.
  const offRelay = relay as unknown as WechatMiniprogram.OffNetworkStatusChangeCallback
  const resubscribe = (): void => {
    if (listeners.size === 0) return
    wx.offNetworkStatusChange(offRelay)
    wx.onNetworkStatusChange(relay)
  }
  return {
    isOnline: () =>
      new Promise((resolve) => {
        wx.getNetworkType({
          success: (result) => resolve(result.networkType !== 'none'),
          // Unknown is treated as online: the connection attempt itself will tell.
          fail: () => resolve(true),
        })
      }),
    watch(listener) {
      listeners.add(listener)
      resubscribe()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) wx.offNetworkStatusChange(offRelay)
      }
    },
    resubscribe,
  }
}
