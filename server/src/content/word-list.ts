/**
 * The local content check: a list of refused words, matched after normalising both sides (Unicode
 * NFKC, lower case, and with spaces, punctuation and symbols removed) so that "Ｆ Ｒ Ｅ Ｅ" or
 * "f.r.e.e" still match "free". The built-in list is a small starting point; production lists are
 * configured with CONTENT_WORDS_FILE (one word per line, # starts a comment).
 */
import { readFileSync } from 'node:fs'

/** Common spam and fraud bait in Chinese chat; deliberately short, meant to be replaced. */
export const DEFAULT_WORDS = [
  '加微信领红包',
  '刷单返利',
  '代开发票',
  '网络赌博',
  '裸聊',
  '约炮',
  '贷款秒批',
  '兼职日结',
]

const IGNORED = /[\s\p{P}\p{S}\p{Cc}\p{Cf}]/gu

export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(IGNORED, '')
}

export class WordList {
  readonly #words: string[]

  constructor(words: readonly string[]) {
    this.#words = [...new Set(words.map(normalizeForMatch).filter((word) => word.length > 0))]
  }

  static fromFile(file: string): WordList {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/)
    return new WordList(lines.filter((line) => !line.trimStart().startsWith('#')))
  }

  get size(): number {
    return this.#words.length
  }

  /** The first refused word the text contains, normalised; undefined when it is clean. */
  find(text: string): string | undefined {
    const haystack = normalizeForMatch(text)
    return this.#words.find((word) => haystack.includes(word))
  }
}
