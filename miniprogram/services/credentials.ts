/** The app-server session (token + UserSig) persisted for auto-login. */
import { isCredentials } from '../models/credentials'
import type { Credentials } from '../models/types'
import { readJson, remove, writeJson } from './storage'

const STORAGE_KEY = 'tim-c2c:credentials'

export function loadCredentials(): Credentials | null {
  return readJson(STORAGE_KEY, isCredentials)
}

export function saveCredentials(credentials: Credentials): void {
  writeJson(STORAGE_KEY, credentials)
}

export function clearCredentials(): void {
  remove(STORAGE_KEY)
}
