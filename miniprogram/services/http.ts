/** Promise wrapper over wx.request for the app server's JSON API. */
import { getConfig } from '../config/index'

/** `message` is for the user (Chinese); `code` and `detail` are the server's own, for logs. */
export class ApiError extends Error {
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number
  readonly code: string
  readonly detail: string

  constructor(status: number, message: string, code = '', detail = '') {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
  }
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: Record<string, unknown>
  token?: string
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000

function stringField(data: unknown, key: string): string {
  if (typeof data !== 'object' || data === null) return ''
  const value = (data as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : ''
}

/** The server's own codes the user can act on; anything else falls back to the status. */
const MESSAGES_BY_CODE: Record<string, string> = {
  nick_rejected: '昵称包含不允许使用的内容，请换一个',
  unsupported_image: '头像只能是 JPG 或 PNG 图片',
  invalid_image: '图片已损坏，请换一张',
  image_dimensions: '图片尺寸需在 16～4096 像素之间',
  file_too_large: '图片太大，请换一张小一些的',
  no_file: '没有收到图片，请重新选择',
  avatar_not_uploaded: '头像尚未上传，请重新选择',
  avatar_not_issued: '头像地址无效，请重新选择',
  storage_unavailable: '头像保存失败，请稍后再试',
  user_not_found: '该用户不存在',
  not_blocked: '该用户不在黑名单中',
}

/** An answer that is not 2xx, as the ApiError the user is shown. */
export function errorForResponse(status: number, data: unknown): ApiError {
  const code = stringField(data, 'code')
  const message = MESSAGES_BY_CODE[code] ?? messageForStatus(status)
  return new ApiError(status, message, code, stringField(data, 'message'))
}

function messageForStatus(status: number): string {
  if (status === 400) return '请求参数不正确'
  if (status === 401) return '登录已失效，请重新登录'
  if (status === 403) return '没有权限执行此操作'
  if (status === 404) return '请求的资源不存在'
  if (status === 429) return '请求太频繁，请稍后再试'
  if (status >= 500) return '服务器开小差了，请稍后再试'
  return `请求失败（${status}）`
}

export function requestJson<T>(options: RequestOptions): Promise<T> {
  const { appServerBaseUrl } = getConfig()
  const header: Record<string, string> = { 'content-type': 'application/json' }
  if (options.token) header.authorization = `Bearer ${options.token}`
  return new Promise<T>((resolve, reject) => {
    wx.request({
      url: `${appServerBaseUrl}${options.path}`,
      method: options.method,
      data: options.body,
      header,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      dataType: 'json',
      success: (response) => {
        const status = response.statusCode
        if (status >= 200 && status < 300) {
          resolve(response.data as T)
          return
        }
        reject(errorForResponse(status, response.data))
      },
      fail: (failure) => {
        reject(new ApiError(0, '无法连接服务器，请检查网络', 'network', failure.errMsg))
      },
    })
  })
}
