/** The app-server session (token + UserSig) persisted for auto-login. */
import type { Credentials } from '../models/types'
import { readJson, remove, writeJson } from './storage'

const STORAGE_KEY = 'tim-c2c:credentials'

export function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    typeof candidate.token === 'string' &&
    candidate.token !== '' &&
    typeof candidate.userID === 'string' &&
    candidate.userID !== '' &&
    typeof candidate.userSig === 'string' &&
    candidate.userSig !== '' &&
    typeof candidate.sdkAppID === 'number' &&
    Number.isFinite(candidate.sdkAppID) &&
    typeof candidate.expireAt === 'number'
  )
}

export function loadCredentials(): Credentials | null {
  return readJson(STORAGE_KEY, isCredentials)
}

export function saveCredentials(credentials: Credentials): void {
  writeJson(STORAGE_KEY, credentials)
}

export function clearCredentials(): void {
  remove(STORAGE_KEY)
}
