// The per-test budget from test-support's timeout policy (`testTimeout` in a project config is ignored when jest runs
// several projects). The scenarios wait on real reconnects, a 5-second UserSig lifetime and a two-core machine.
import { TIMEOUTS } from '@tim-c2c/test-support'

jest.setTimeout(TIMEOUTS.buildTest)
