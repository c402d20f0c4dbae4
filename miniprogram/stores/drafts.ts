/**
 * What the user typed in a chat and left unsent, per conversation (the list shows it as [草稿]), and the message
 * that unsent text quotes (引用), which stays with it as in WeChat.
 */
import type { ReplyView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

class DraftStore {
  drafts: Readonly<Record<string, string>> = {}
  quotes: Readonly<Record<string, ReplyView>> = {}

  constructor() {
    makeAutoObservable(this, { drafts: observable.ref, quotes: observable.ref })
  }

  quoteOf(conversationID: string): ReplyView | null {
    return this.quotes[conversationID] ?? null
  }

  /** null removes the quote. */
  setQuote(conversationID: string, quote: ReplyView | null): void {
    if ((this.quotes[conversationID] ?? null) === quote) return
    const quotes = { ...this.quotes }
    if (quote === null) delete quotes[conversationID]
    else quotes[conversationID] = quote
    this.quotes = Object.freeze(quotes)
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

  /** At launch: the drafts kept on the phone, unless the user has already written one. */
  restore(drafts: Record<string, string>, quotes: Record<string, ReplyView>): void {
    if (Object.keys(this.drafts).length > 0 || Object.keys(this.quotes).length > 0) return
    this.drafts = Object.freeze({ ...drafts })
    this.quotes = Object.freeze(
      Object.fromEntries(
        Object.entries(quotes).map(([conversationID, quote]) => [
          conversationID,
          Object.freeze({ ...quote }),
        ]),
      ),
    )
  }

  reset(): void {
    this.drafts = {}
    this.quotes = {}
  }
}

export const draftStore = new DraftStore()
export type { DraftStore }
