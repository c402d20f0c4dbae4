// `testTimeout` in a project config is ignored when jest runs the root multi-project config, so the
// per-test budget for this project is set here. Integration tests start real servers and SDKs.
jest.setTimeout(60_000)
