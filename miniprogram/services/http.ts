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
  method: 'GET' | 'POST' | 'DELETE'
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
        reject(
          new ApiError(
            status,
            messageForStatus(status),
            stringField(response.data, 'code'),
            stringField(response.data, 'message'),
          ),
        )
      },
      fail: (failure) => {
        reject(new ApiError(0, '无法连接服务器，请检查网络', 'network', failure.errMsg))
      },
    })
  })
}
