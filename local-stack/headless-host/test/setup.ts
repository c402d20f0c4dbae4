// The per-test budget from test-support's timeout policy (the root multi-project run ignores a project's
// testTimeout). The automator client's route helpers sleep 3 s, and each file starts a host process with Chromium.
import { TIMEOUTS } from '@tim-c2c/test-support'

jest.setTimeout(TIMEOUTS.test)
