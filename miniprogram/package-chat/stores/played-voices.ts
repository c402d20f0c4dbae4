/**
 * Received voices the user has played, kept on the phone across launches (chat subpackage only): tim-wx-sdk
 * 2.27.6 has no played flag for one-to-one sound messages (no isPlayed, no localCustomData), so the unplayed red
 * dot is remembered here by message ID, newest last, bounded so storage does not grow without end.
 */
import { readJson, writeJson } from '../../services/storage'

const STORAGE_KEY = 'chat.playedVoices'
/** A voice older than the last 500 played ones is long read; forgetting it shows the dot on it again at worst. */
export const MAX_PLAYED_VOICES = 500

function isIDList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
}

class PlayedVoices {
  private played: Set<string> | null = null

  /** Reads storage on first use (never at module load). */
  private ids(): Set<string> {
    this.played ??= new Set(readJson(STORAGE_KEY, isIDList) ?? [])
    return this.played
  }

  has(messageID: string): boolean {
    return this.ids().has(messageID)
  }

  markPlayed(messageID: string): void {
    const ids = this.ids()
    if (ids.has(messageID)) return
    ids.add(messageID)
    // A Set keeps insertion order: the first ones are the oldest.
    for (const oldest of ids) {
      if (ids.size <= MAX_PLAYED_VOICES) break
      ids.delete(oldest)
    }
    try {
      writeJson(STORAGE_KEY, [...ids])
    } catch (_storageFull) {
      // The dot stays away for this launch; only its memory across launches is lost.
    }
  }

  /** Forgets the in-memory copy; the next read goes to storage again (a relaunch). */
  reset(): void {
    this.played = null
  }
}

export const playedVoices = new PlayedVoices()
export type { PlayedVoices }
