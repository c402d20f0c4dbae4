/** Promise wrapper over wx.uploadFile for the app server's multipart endpoints (the avatar). */
import { getConfig } from '../config/index'
import { ApiError, errorForResponse } from './http'

const UPLOAD_TIMEOUT_MS = 60_000

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data) as unknown
  } catch (_notJson) {
    return undefined
  }
}

/** Sends one local file as `multipart/form-data` (field `file`) and resolves the server's JSON answer. */
export function uploadFile<T>(path: string, filePath: string, token: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    wx.uploadFile({
      url: `${getConfig().appServerBaseUrl}${path}`,
      filePath,
      name: 'file',
      header: { authorization: `Bearer ${token}` },
      timeout: UPLOAD_TIMEOUT_MS,
      success: (response) => {
        // uploadFile hands the body over as text, whatever its type.
        const data = parseBody(response.data)
        if (response.statusCode >= 200 && response.statusCode < 300 && data !== undefined) {
          resolve(data as T)
        } else reject(errorForResponse(response.statusCode, data))
      },
      fail: (failure) => {
        reject(new ApiError(0, '图片上传失败，请检查网络', 'network', failure.errMsg))
      },
    })
  })
}
