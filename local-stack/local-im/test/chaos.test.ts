/** The chaos run in short form (socket cuts and SIGKILL restarts under real-SDK traffic). */
import { TIMEOUTS } from '@tim-c2c/test-support'
import { runChaos } from '../chaos/chaos'

jest.setTimeout(TIMEOUTS.longTest)

test('under socket cuts and SIGKILL restarts, nothing acknowledged is lost, doubled or reordered', async () => {
  const report = await runChaos({ phones: 4, messages: 300, kills: 2 })
  expect(report.acknowledged).toBe(300)
  expect(report.kills).toBe(2)
  const clean = { lost: 0, duplicated: 0, outOfOrder: 0, unexpected: 0 }
  expect({
    server: report.server,
    liveReceived: report.liveReceived,
    liveView: report.liveView,
    freshLogin: report.freshLogin,
  }).toEqual({ server: clean, liveReceived: clean, liveView: clean, freshLogin: clean })
})
