import { inflateSync } from 'node:zlib'

/** Reads the JSON document inside a UserSig v2 (URL-safe base64 of deflated JSON). */
export function decodeUserSig(userSig: string): Record<string, unknown> {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=')
  return JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8')) as Record<
    string,
    unknown
  >
}
