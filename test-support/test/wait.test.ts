// The wait helper and the timeout policy every suite relies on: conditions, never time; one scale for all bounds.
import { EventEmitter } from 'node:events'
import { scaled, timeScale, TIME_SCALE_ENV } from '../timeouts'
import { waitUntil } from '../wait'

afterEach(() => {
  delete process.env[TIME_SCALE_ENV]
})

test('resolves with the first value that is neither undefined nor false', async () => {
  let calls = 0
  const value = await waitUntil('the third probe', () => (++calls === 3 ? { calls } : undefined))
  expect(value).toEqual({ calls: 3 })
})

test('says what never happened, what was seen last and the last error', async () => {
  let seen = 0
  const waiting = waitUntil(
    'a door that stays shut',
    () => {
      seen += 1
      throw new Error('still shut')
    },
    { timeoutMs: 50, describeLast: () => ({ probes: seen > 0 }), prefix: 'alice' },
  )
  await expect(waiting).rejects.toThrow(
    /^alice: timed out after 50 ms waiting for a door that stays shut; last seen: \{"probes":true\}; last error: Error: still shut$/,
  )
})

test('a probe that throws ends the wait at once when asked to', async () => {
  const started = Date.now()
  await expect(
    waitUntil(
      'nothing',
      () => {
        throw new Error('broken probe')
      },
      { failOnError: true, timeoutMs: 10_000 },
    ),
  ).rejects.toThrow('broken probe')
  expect(Date.now() - started).toBeLessThan(5_000)
})

test('a wake probes again without waiting out the poll interval', async () => {
  const events = new EventEmitter()
  let ready = false
  const waiting = waitUntil('the event', () => ready, {
    pollMs: 60_000,
    timeoutMs: 120_000,
    wakeOn: (wake) => {
      events.on('change', wake)
      return () => events.off('change', wake)
    },
  })
  // Changed while the helper is already pausing between two probes.
  setTimeout(() => {
    ready = true
    events.emit('change')
  }, 50)
  await expect(waiting).resolves.toBe(true)
  expect(events.listenerCount('change')).toBe(0)
})

test('an abort ends the wait with its reason', async () => {
  const controller = new AbortController()
  const waiting = waitUntil('never', () => false, { signal: controller.signal, pollMs: 60_000 })
  controller.abort(new Error('user destroyed'))
  await expect(waiting).rejects.toThrow('user destroyed')
})

test('TEST_TIME_SCALE stretches every bound, the ones callers pass included', async () => {
  expect(timeScale()).toBe(1)
  process.env[TIME_SCALE_ENV] = '2.5'
  expect(scaled(1_000)).toBe(2_500)
  await expect(waitUntil('never', () => false, { timeoutMs: 20 })).rejects.toThrow(
    'timed out after 50 ms',
  )
})

test('a scale that is not a positive number is refused loudly', () => {
  for (const bad of ['0', '-1', 'fast', 'Infinity']) {
    expect(() => timeScale({ [TIME_SCALE_ENV]: bad })).toThrow(
      `${TIME_SCALE_ENV} should be a positive number (e.g. 2), got "${bad}"`,
    )
  }
})
