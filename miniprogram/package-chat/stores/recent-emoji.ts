/** The emoji the user picked last, newest first, kept on the phone across launches (chat subpackage only). */
import { readJson, writeJson } from '../../services/storage'
import { makeAutoObservable, observable } from '../../stores/mobx'
import { withRecent } from '../models/emoji'

const STORAGE_KEY = 'chat.recentEmoji'

function isEmojiList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
}

class RecentEmojiStore {
  recent: readonly string[] = []
  private loaded = false

  constructor() {
    makeAutoObservable<RecentEmojiStore, 'loaded'>(this, {
      recent: observable.ref,
      loaded: false,
    })
  }

  /** Reads the saved list once (storage is not touched at module load). */
  load(): void {
    if (this.loaded) return
    this.loaded = true
    this.recent = Object.freeze(readJson(STORAGE_KEY, isEmojiList) ?? [])
  }

  /** Forgets the in-memory list; the next load reads storage again. */
  reset(): void {
    this.loaded = false
    this.recent = []
  }

  use(emoji: string): void {
    this.load()
    this.recent = Object.freeze(withRecent(this.recent, emoji))
    try {
      writeJson(STORAGE_KEY, this.recent)
    } catch (_storageFull) {
      // The list still works for this launch; it is only a convenience.
    }
  }
}

export const recentEmojiStore = new RecentEmojiStore()
export type { RecentEmojiStore }
