/** What the user typed in a chat and left unsent, per conversation (the list shows it as [草稿]). */
import { makeAutoObservable, observable } from './mobx'

class DraftStore {
  drafts: Readonly<Record<string, string>> = {}

  constructor() {
    makeAutoObservable(this, { drafts: observable.ref })
  }

  draftOf(conversationID: string): string {
    return this.drafts[conversationID] ?? ''
  }

  /** Blank text removes the draft. */
  setDraft(conversationID: string, text: string): void {
    const current = this.drafts[conversationID]
    const next = text.trim() === '' ? undefined : text
    if (current === next) return
    const drafts = { ...this.drafts }
    if (next === undefined) delete drafts[conversationID]
    else drafts[conversationID] = next
    this.drafts = Object.freeze(drafts)
  }

  reset(): void {
    this.drafts = {}
  }
}

export const draftStore = new DraftStore()
export type { DraftStore }
