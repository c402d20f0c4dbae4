// The per-test budget from test-support's timeout policy (testTimeout in a project config is ignored when jest runs
// through the root multi-project config); a real build (tsc + packNpmManually) takes ~25 s on two busy cores.
import { TIMEOUTS } from '@tim-c2c/test-support'

jest.setTimeout(TIMEOUTS.buildTest)
