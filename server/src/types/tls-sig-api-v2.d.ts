declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkAppID: number, secretKey: string)
    /** UserSig v2 for `userID`, valid `expireSeconds` from now. */
    genSig(userID: string, expireSeconds: number): string
    genUserSig(userID: string, expireSeconds: number): string
  }
}
