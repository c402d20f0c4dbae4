// `testTimeout` in a project config is ignored when jest runs several projects: set it here. The bound is
// generous because the scenarios wait on real reconnects, a 5-second UserSig lifetime and a two-core machine.
jest.setTimeout(180_000)
