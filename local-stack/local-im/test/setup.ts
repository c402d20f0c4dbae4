// The per-test budget from test-support's timeout policy. Set here, not as `testTimeout` in jest.config.js: the root
// multi-project run ignores a project's testTimeout.
import { TIMEOUTS } from '@tim-c2c/test-support'

jest.setTimeout(TIMEOUTS.test)
