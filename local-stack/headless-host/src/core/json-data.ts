// setData takes only what JSON can carry: WeChat sends it to the view layer as a JSON string, so a circular
// structure fails there ("Converting circular structure to JSON"). The host refuses it the same way, before
// anything is set, and names where the circle closes.

/** Throws a TypeError naming the path when `data` refers back to itself; returns its JSON size in bytes. */
export function jsonCheck(data: unknown, api: string): number {
  let json: string | undefined
  try {
    json = JSON.stringify(data)
  } catch (error) {
    const circle = findCircle(data)
    if (circle) {
      throw new TypeError(
        `${api}: only JSON data can be set (WeChat sends it to the view layer as JSON), but ${circle.path} refers back to ${circle.target}: a circular structure`,
      )
    }
    throw new TypeError(`${api}: the data cannot be turned into JSON (${(error as Error).message})`)
  }
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8')
}

function findCircle(root: unknown): { path: string; target: string } | undefined {
  const stack: { value: object; path: string }[] = []
  const visit = (value: unknown, path: string): { path: string; target: string } | undefined => {
    if (value === null || typeof value !== 'object') return undefined
    const open = stack.find((entry) => entry.value === value)
    if (open) return { path, target: open.path || 'the data itself' }
    stack.push({ value, path })
    for (const [key, child] of Object.entries(value)) {
      const found = visit(child, path ? `${path}.${key}` : key)
      if (found) return found
    }
    stack.pop()
    return undefined
  }
  return visit(root, '')
}
