/** The one check of the app-server session (token + UserSig): for storage, the server's answer and the IM door. */
import type { Credentials } from './types'

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== ''
}

/** What is wrong with a value that should be Credentials: the first missing field, or '' when nothing is. */
export function credentialsProblem(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'credentials'
  const record = value as Record<string, unknown>
  const missing = ['token', 'userID', 'userSig'].find((key) => !isFilled(record[key]))
  if (missing) return missing
  const { sdkAppID, expireAt } = record
  if (typeof sdkAppID !== 'number' || !Number.isFinite(sdkAppID) || sdkAppID <= 0) return 'sdkAppID'
  return typeof expireAt === 'number' ? '' : 'expireAt'
}

export function isCredentials(value: unknown): value is Credentials {
  return credentialsProblem(value) === ''
}
