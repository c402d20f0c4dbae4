// The REST client's per-API budget: a call holds its slot while in flight and for one window after its answer,
// so however late calls arrive at Tencent, no window there sees more than the budget.
import { SlidingWindowLimiter } from '../../src/tencent/rate-limiter'

const WINDOW_MS = 200

test('a slot frees one window after its answer, not after its grant', async () => {
  const limiter = new SlidingWindowLimiter(1, Date.now, WINDOW_MS)
  const first = await limiter.acquire(0)
  expect(first).not.toBeNull()
  const next = limiter.acquire(10_000)
  // The first call's answer takes a while (a slow network): its slot stays taken the whole time.
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 2))
  const answeredAt = Date.now()
  first!.done()
  expect(await next).not.toBeNull()
  expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(WINDOW_MS - 1)
})

test('with every slot in flight, a caller that cannot wait a window gets no slot at once', async () => {
  const limiter = new SlidingWindowLimiter(2, Date.now, WINDOW_MS)
  const slots = await Promise.all([limiter.acquire(0), limiter.acquire(0)])
  expect(slots.every(Boolean)).toBe(true)
  const startedAt = Date.now()
  expect(await limiter.acquire(WINDOW_MS / 2)).toBeNull()
  expect(Date.now() - startedAt).toBeLessThan(WINDOW_MS)
  slots.forEach((slot) => slot!.done())
  expect(await limiter.acquire(WINDOW_MS * 10)).not.toBeNull()
})
