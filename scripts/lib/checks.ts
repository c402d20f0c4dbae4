/** The shape every check of a package shares (preflight, compile check), and how a list of them is printed. */

export interface CheckResult {
  name: string
  /** Each one fails the check. */
  problems: string[]
  /** Information only. */
  notes: string[]
}

/** One line per check (✔/✘), its problems and notes indented below it. */
export function formatChecks(checks: CheckResult[]): string {
  const lines: string[] = []
  for (const check of checks) {
    lines.push(`${check.problems.length === 0 ? '✔' : '✘'} ${check.name}`)
    for (const problem of check.problems) lines.push(`    ✘ ${problem}`)
    for (const note of check.notes) lines.push(`    · ${note}`)
  }
  return lines.join('\n')
}
