// The package.json names two different "main" files; import the real one by path.
declare module 'tls-sig-api-v2/TLSSigAPIv2' {
  export class Api {
    constructor(sdkAppID: number, secretKey: string)
    /** UserSig v2 for `userID`, valid `expireSeconds` from now. */
    genSig(userID: string, expireSeconds: number): string
    genUserSig(userID: string, expireSeconds: number): string
  }
}
