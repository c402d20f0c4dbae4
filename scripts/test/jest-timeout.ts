// testTimeout in a project config is ignored when jest runs through the root multi-project config, and a real
// build (tsc + packNpmManually) takes ~25 s on two busy cores.
jest.setTimeout(180_000)
