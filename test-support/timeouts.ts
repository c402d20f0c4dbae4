/**
 * The one timeout policy of every test suite: named bounds, scaled in one place. A slow or busy machine sets
 * `TEST_TIME_SCALE` (e.g. `TEST_TIME_SCALE=2 npm test`) and every wait bound and jest test budget grows with it;
 * nothing else in the tree picks a number of milliseconds for how long a test may take.
 */

export const TIME_SCALE_ENV = 'TEST_TIME_SCALE'

/** Reads the scale from the environment: a positive number, 1 when unset; anything else is refused loudly. */
export function timeScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TIME_SCALE_ENV]
  if (raw === undefined || raw.trim() === '') return 1
  const scale = Number(raw)
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`${TIME_SCALE_ENV} should be a positive number (e.g. 2), got "${raw}"`)
  }
  return scale
}

/** A bound in milliseconds, stretched by the machine's scale. */
export function scaled(ms: number): number {
  return Math.round(ms * timeScale())
}

/** Bounds before scaling, by what they bound. */
export const BASE_TIMEOUTS = {
  /** A condition the code under test reaches soon: an SDK event, a store change, a host state, a ready line. */
  condition: 15_000,
  /** A service started as a child process (`npm run local-im`, `server`, `host`) prints its ready line. */
  processStart: 60_000,
  /** A condition behind a reconnect, a restart, a UserSig expiry or a phone's UI driven through the automator. */
  slowCondition: 30_000,
  /** One jest test against real servers, real SDKs or a headless host. */
  test: 60_000,
  /** One jest test that builds the mini-program (tsc + npm packing) or drives phones through the whole stack. */
  buildTest: 180_000,
  /** A build of the mini-program run as a child process by a test. */
  buildProcess: 240_000,
  /** One jest test that starts all of `npm start` (a build, the stack, two hosts) and clicks through it. */
  stackTest: 240_000,
  /** One jest test that runs a long scenario: chaos rounds, a build scanned for secrets. */
  longTest: 300_000,
  /** One jest test that runs WeChat's own compile (miniprogram-ci) of the whole project. */
  compileTest: 400_000,
} as const

export type TimeoutName = keyof typeof BASE_TIMEOUTS

/** The bounds every suite uses, already scaled. */
export const TIMEOUTS: Readonly<Record<TimeoutName, number>> = Object.freeze(
  Object.fromEntries(
    Object.entries(BASE_TIMEOUTS).map(([name, ms]) => [name, scaled(ms)]),
  ) as Record<TimeoutName, number>,
)
