import { TIMEOUTS } from '@tim-c2c/test-support'
import type { TestGlobals } from './jest-setup'

// The per-test budget from test-support's timeout policy, for every spec of this project (the root jest config
// runs projects, and `testTimeout` is not a per-project option there).
jest.setTimeout(TIMEOUTS.test)

afterAll(() => {
  const live = (globalThis as unknown as Partial<TestGlobals>).__liveIntervals
  if (!live) return
  for (const handle of live) clearInterval(handle)
  live.clear()
})
