/**
 * Test support for every suite of the repository, by package name (`@tim-c2c/test-support`): the timeout
 * policy, the one wait helper and the stack launchers that run the stack as processes. Two heavier parts are
 * subpaths of their own, so a suite loads only what it uses: `@tim-c2c/test-support/in-process-stack` (the local
 * IM and the app server inside the test process) and `@tim-c2c/test-support/simulate` (miniprogram-simulate).
 */
export {
  BASE_TIMEOUTS,
  TIME_SCALE_ENV,
  TIMEOUTS,
  scaled,
  timeScale,
  type TimeoutName,
} from './timeouts'
export { waitUntil, type Probe, type WaitOptions } from './wait'
export {
  nodeWithTsx,
  repoRoot,
  startContractProcess,
  type ContractProcess,
  type StartOptions,
} from './contract-process'
export {
  DEFAULT_PORTS,
  DEV_CREDENTIALS,
  startLocalStack,
  type LocalStack,
  type LocalStackOptions,
} from './local-stack'
