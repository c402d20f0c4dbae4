import { Api } from 'tls-sig-api-v2/TLSSigAPIv2'

export interface IssuedSig {
  userSig: string
  /** Milliseconds since the epoch after which Tencent IM rejects the sig. */
  expireAt: number
}

/**
 * Signs UserSig v2 tickets with the app's secret key. The key stays inside this object; nothing
 * else in the server needs to read it.
 */
export class UserSigIssuer {
  readonly #api: Api

  constructor(
    sdkAppID: number,
    secretKey: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#api = new Api(sdkAppID, secretKey)
  }

  issue(userID: string, ttlSeconds: number): IssuedSig {
    // The library stamps the sig with its own clock in whole seconds; take ours before it so
    // expireAt is never later than the real expiry.
    const issuedAtSeconds = Math.floor(this.now() / 1000)
    const userSig = this.#api.genSig(userID, ttlSeconds)
    return { userSig, expireAt: (issuedAtSeconds + ttlSeconds) * 1000 }
  }
}
