/** Typed wrappers over the synchronous wx storage API; a broken entry reads as absent. */

export function readJson<T>(key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const raw: unknown = wx.getStorageSync(key)
    if (raw === '' || raw === undefined || raw === null) return null
    const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
    return isValid(value) ? value : null
  } catch (_unreadable) {
    return null
  }
}

export function writeJson(key: string, value: unknown): void {
  wx.setStorageSync(key, JSON.stringify(value))
}

export function remove(key: string): void {
  try {
    wx.removeStorageSync(key)
  } catch (_alreadyGone) {
    // Removing what is not there is not an error for us.
  }
}

/** A value exactly as stored, for entries another library writes in its own format (the IM SDK's cache). */
export function readRaw(key: string): unknown {
  try {
    return wx.getStorageSync(key)
  } catch (_unreadable) {
    return undefined
  }
}
