import { startLocalIm, type LocalIm, type LocalImOptions } from '../src/index'

export const SDK_APP_ID = 1400000001
export const SECRET_KEY = 'local-im-test-secret'

export function startTestIm(options: Partial<LocalImOptions> = {}): Promise<LocalIm> {
  return startLocalIm({
    port: 0,
    sdkAppID: SDK_APP_ID,
    secretKey: SECRET_KEY,
    logLevel: 'silent',
    ...options,
  })
}

/** Text of the first element of an SDK message. */
export function textOf(message: { payload?: { text?: string } }): string | undefined {
  return message.payload?.text
}
