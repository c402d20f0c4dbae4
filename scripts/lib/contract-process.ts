// The contract-process launcher lives in test-support now; this path stays for files written against it.
export {
  nodeWithTsx,
  repoRoot,
  startContractProcess,
  type ContractProcess,
  type StartOptions,
} from '@tim-c2c/test-support'
