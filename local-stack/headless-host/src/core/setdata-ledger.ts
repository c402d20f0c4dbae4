// setData accounting for any app: how many calls and how many bytes of JSON each page and component sent to
// the view layer (what WeChat's performance panel counts), read and reset through the host's test controls.

export interface SetDataTotals {
  calls: number
  /** UTF-8 bytes of the JSON each call sends. */
  bytes: number
  /** The largest single call, in bytes. */
  largest: number
}

export interface SetDataReport {
  total: SetDataTotals
  /** By page route or component path (e.g. `pages/index/index`, `components/card/index`). */
  byComponent: Record<string, SetDataTotals>
}

export class SetDataLedger {
  private readonly totals = new Map<string, SetDataTotals>()

  record(component: string, bytes: number): void {
    const totals = this.totals.get(component) ?? { calls: 0, bytes: 0, largest: 0 }
    totals.calls += 1
    totals.bytes += bytes
    totals.largest = Math.max(totals.largest, bytes)
    this.totals.set(component, totals)
  }

  report(): SetDataReport {
    const total: SetDataTotals = { calls: 0, bytes: 0, largest: 0 }
    const byComponent: Record<string, SetDataTotals> = {}
    for (const [component, totals] of [...this.totals].sort(([a], [b]) => a.localeCompare(b))) {
      byComponent[component] = { ...totals }
      total.calls += totals.calls
      total.bytes += totals.bytes
      total.largest = Math.max(total.largest, totals.largest)
    }
    return { total, byComponent }
  }

  reset(): void {
    this.totals.clear()
  }
}
