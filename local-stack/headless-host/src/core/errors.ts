// How an error the mini-program raised is told: its message with the error code SDKs put on their errors
// (tim-wx-sdk rejects with `{code, message}`), and its stack.

export interface DescribedError {
  message: string
  stack: string
  code?: string | number
}

export function describeError(error: unknown): DescribedError {
  const record =
    error !== null && typeof error === 'object' ? (error as Record<string, unknown>) : {}
  const rawCode = record.code
  const code = typeof rawCode === 'number' || typeof rawCode === 'string' ? rawCode : undefined
  let text: string
  if (error instanceof Error) text = error.message
  else if (typeof record.message === 'string') text = record.message
  else if (typeof record.errMsg === 'string') text = record.errMsg
  else text = String(error)
  const message = code === undefined ? text : `${text} (code ${code})`
  const stack = error instanceof Error && error.stack ? error.stack.replace(text, message) : message
  return code === undefined ? { message, stack } : { message, stack, code }
}

/** The message of an error as a caller reads it (`errMsg` for wx failures). */
export function messageOf(error: unknown): string {
  return describeError(error).message
}

/** How a wx API reports a failure: `{errMsg: '<api>:fail <reason>'}`. */
export interface WxFailure {
  errMsg: string
}

export function failure(api: string, reason: string): WxFailure {
  return { errMsg: `${api}:fail ${reason}` }
}

export function isFailure(value: unknown): value is WxFailure {
  return (
    typeof value === 'object' && value !== null && typeof (value as WxFailure).errMsg === 'string'
  )
}
