import type { TestGlobals } from './jest-setup'

// The root jest config runs projects, and `testTimeout` is not a per-project option there.
jest.setTimeout(60_000)

afterAll(() => {
  const live = (globalThis as unknown as Partial<TestGlobals>).__liveIntervals
  if (!live) return
  for (const handle of live) clearInterval(handle)
  live.clear()
})
