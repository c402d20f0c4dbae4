// The per-test budget from test-support's timeout policy (the root multi-project run ignores a project's
// testTimeout). The test starts the whole `npm start` stack (a mini-program build, two hosts) and clicks through it.
import { TIMEOUTS } from '@tim-c2c/test-support'

jest.setTimeout(TIMEOUTS.stackTest)
