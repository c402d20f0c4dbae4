/**
 * What a content check answers, and the checker the routes use: the local word list first (free and
 * instant), then, with CONTENT_CHECK=wechat, WeChat's msgSecCheck for users who have an openid.
 */
import type { WordList } from './word-list'

/** Nicknames are profile data (WeChat scene 1); chat text is closest to comments (scene 2). */
export type ContentScene = 'nickname' | 'chat'

export type Verdict =
  { allowed: true } | { allowed: false; source: 'words' | 'wechat'; label: string }

export interface ContentChecker {
  check(text: string, subject: { userID: string; scene: ContentScene }): Promise<Verdict>
}

/** A remote check (msgSecCheck): undefined when it could not decide (no openid, WeChat down). */
export interface RemoteChecker {
  check(
    text: string,
    subject: { userID: string; scene: ContentScene },
  ): Promise<Verdict | undefined>
}

export interface CheckLogger {
  warn(obj: object, msg?: string): void
}

export function createContentChecker(
  words: WordList,
  remote: RemoteChecker | undefined,
  logger?: CheckLogger,
): ContentChecker {
  return {
    async check(text, subject) {
      const hit = words.find(text)
      if (hit !== undefined) return { allowed: false, source: 'words', label: 'word_list' }
      if (remote === undefined) return { allowed: true }
      const verdict = await remote.check(text, subject)
      if (verdict === undefined) {
        // Failing open: the word list already passed, and a WeChat outage must not stop every chat.
        logger?.warn(
          { userID: subject.userID, scene: subject.scene },
          'remote content check undecided',
        )
        return { allowed: true }
      }
      return verdict
    },
  }
}
