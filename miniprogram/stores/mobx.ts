/** Shared MobX setup: every store imports mobx from here so strict mode is on before any store exists. */
import { configure } from 'mobx-miniprogram'

// Writes outside actions throw, so no page or SDK callback can change a store behind its back.
configure({ enforceActions: 'observed' })

// Stores hold frozen view objects by reference (`observable.ref`): deep observability would copy
// every message into proxies, and the pages must receive the same plain objects the IM layer made.

export {
  autorun,
  comparer,
  computed,
  makeAutoObservable,
  observable,
  reaction,
  runInAction,
} from 'mobx-miniprogram'
