/** Shared MobX setup: every store imports mobx from here so strict mode is on before any store exists. */
import { configure } from 'mobx-miniprogram'

// Writes outside actions throw, so no page or SDK callback can change a store behind its back.
configure({ enforceActions: 'observed' })

export { makeAutoObservable, reaction, autorun, runInAction } from 'mobx-miniprogram'
