/** Compares what was acknowledged with what a view (server, phone, fresh login) shows. */

export interface Tally {
  /** Acknowledged messages the view does not have. */
  lost: number
  /** Extra copies of a message in the view. */
  duplicated: number
  /** Messages shown before one that was acknowledged earlier. */
  outOfOrder: number
  /** Messages in the view that were never acknowledged (a chaos message the IM kept anyway). */
  unexpected: number
}

export const emptyTally = (): Tally => ({ lost: 0, duplicated: 0, outOfOrder: 0, unexpected: 0 })

export function addTally(into: Tally, more: Tally): Tally {
  into.lost += more.lost
  into.duplicated += more.duplicated
  into.outOfOrder += more.outOfOrder
  into.unexpected += more.unexpected
  return into
}

/**
 * `expected` is one chat direction's acknowledged texts in the order they were acknowledged;
 * `seen` the same direction's texts in the order the view shows them.
 */
export function tally(
  expected: readonly string[],
  seen: readonly string[],
  complete = true,
  /** Texts whose late arrival has a known cause outside the server (not counted as disorder). */
  excused: ReadonlySet<string> = new Set(),
) {
  const rank = new Map(expected.map((text, index) => [text, index]))
  const result = emptyTally()
  const counted = new Set<string>()
  let highest = -1
  for (const text of seen) {
    const position = rank.get(text)
    if (position === undefined) {
      result.unexpected++
      continue
    }
    if (counted.has(text)) {
      result.duplicated++
      continue
    }
    counted.add(text)
    if (position < highest && !excused.has(text)) result.outOfOrder++
    highest = Math.max(highest, position)
  }
  if (complete) result.lost = expected.filter((text) => !counted.has(text)).length
  return result
}

/** The texts a view shows after a later one (each with the text that overtook it). */
export function disordered(expected: readonly string[], seen: readonly string[]) {
  const rank = new Map(expected.map((text, index) => [text, index]))
  const found: { text: string; after: string }[] = []
  let highest = -1
  let highestText = ''
  const counted = new Set<string>()
  for (const text of seen) {
    const position = rank.get(text)
    if (position === undefined || counted.has(text)) continue
    counted.add(text)
    if (position < highest) found.push({ text, after: highestText })
    if (position > highest) {
      highest = position
      highestText = text
    }
  }
  return found
}

export const isClean = (t: Tally): boolean =>
  t.lost === 0 && t.duplicated === 0 && t.outOfOrder === 0 && t.unexpected === 0
