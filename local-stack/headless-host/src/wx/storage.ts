// wx storage APIs (sync and async) over the host's storage (memory, or a JSON file with --storage).
import { failure } from '../core/errors'
import type { DefineAsync } from './define'
import type { WxHost, WxObject } from './host'

export function installStorage(
  wx: WxObject,
  define: DefineAsync,
  host: Pick<WxHost, 'storage'>,
): void {
  const values = host.storage.values
  const storageKey = (api: string, key: unknown): string => {
    if (typeof key !== 'string' || key === '')
      throw failure(api, 'parameter.key should be a non-empty string')
    return key
  }
  const setStorageSync = (key: unknown, value: unknown): void => {
    values.set(storageKey('setStorageSync', key), structuredClone(value))
    host.storage.save()
  }
  const getStorageSync = (key: unknown): unknown => {
    const value = values.get(storageKey('getStorageSync', key))
    return value === undefined ? '' : structuredClone(value)
  }
  const removeStorageSync = (key: unknown): void => {
    values.delete(storageKey('removeStorageSync', key))
    host.storage.save()
  }
  const clearStorageSync = (): void => {
    values.clear()
    host.storage.save()
  }
  const storageInfo = () => {
    const keys = [...values.keys()]
    const bytes = keys.reduce(
      (sum, key) => sum + key.length + JSON.stringify(values.get(key) ?? '').length,
      0,
    )
    return { keys, currentSize: Math.ceil(bytes / 1024), limitSize: 10240 }
  }
  Object.assign(wx, {
    setStorageSync,
    getStorageSync,
    removeStorageSync,
    clearStorageSync,
    getStorageInfoSync: storageInfo,
  })
  define('setStorage', (options) => {
    setStorageSync(options.key, options.data)
    return {}
  })
  define('getStorage', (options) => {
    const key = storageKey('getStorage', options.key)
    if (!values.has(key)) throw failure('getStorage', 'data not found')
    return { data: getStorageSync(key) }
  })
  define('removeStorage', (options) => {
    removeStorageSync(options.key)
    return {}
  })
  define('clearStorage', () => {
    clearStorageSync()
    return {}
  })
  define('getStorageInfo', storageInfo)
}
