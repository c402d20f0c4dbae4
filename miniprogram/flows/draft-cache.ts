/**
 * Unsent drafts and their quotes, kept on the phone per account: WeChat may end a mini-program that sits in the
 * background, and what the user was writing must be there when they come back, as it is in WeChat's own chats.
 * Written as soon as a draft changes (a chat being left), gone when the session ends.
 */
import type { ReplyView } from '../models/types'
import { draftStore } from '../stores/drafts'
import { accountCache } from './account-cache'

interface Kept {
  drafts: Record<string, string>
  quotes: Record<string, ReplyView>
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  )
}

function isQuote(value: unknown): value is ReplyView {
  const v = value as Partial<Record<keyof ReplyView, unknown>> | null
  return (
    typeof v?.messageID === 'string' &&
    typeof v.sender === 'string' &&
    typeof v.abstract === 'string'
  )
}

function isKept(value: unknown): value is Kept {
  const v = value as Partial<Record<keyof Kept, unknown>> | null
  return (
    isStringRecord(v?.drafts) &&
    typeof v.quotes === 'object' &&
    v.quotes !== null &&
    !Array.isArray(v.quotes) &&
    Object.values(v.quotes).every(isQuote)
  )
}

export const draftCache = accountCache<Kept>({
  name: 'drafts',
  isValid: isKept,
  snapshot: () => ({ drafts: draftStore.drafts, quotes: draftStore.quotes }),
  apply: (kept) =>
    draftStore.restore(
      kept.drafts,
      Object.fromEntries(
        Object.entries(kept.quotes).map(([id, quote]) => [
          id,
          { messageID: quote.messageID, sender: quote.sender, abstract: quote.abstract },
        ]),
      ),
    ),
  writeDelayMs: 0,
})
