/** What the friend profile and blacklist pages show: the person being viewed and the people I blocked. */
import type { UserView } from '../../models/types'
import { makeAutoObservable, observable } from '../../stores/mobx'

export interface BlockedView extends UserView {
  readonly blockedAt: number
}

class SafetyStore {
  /** The profile on screen (friend profile page). */
  viewed: UserView | null = null
  /** My blacklist, oldest first, as the server lists it. */
  blocks: readonly BlockedView[] = []
  blocksLoaded = false

  constructor() {
    makeAutoObservable(this, { viewed: observable.ref, blocks: observable.ref })
  }

  get blockedIDs(): readonly string[] {
    return this.blocks.map((blocked) => blocked.userID)
  }

  setViewed(user: UserView | null): void {
    this.viewed = user ? Object.freeze({ ...user }) : null
  }

  setBlocks(blocks: readonly BlockedView[]): void {
    this.blocks = Object.freeze(blocks.map((blocked) => Object.freeze({ ...blocked })))
    this.blocksLoaded = true
  }

  addBlock(blocked: BlockedView): void {
    const others = this.blocks.filter((item) => item.userID !== blocked.userID)
    this.setBlocks([...others, blocked])
  }

  removeBlock(userID: string): void {
    this.setBlocks(this.blocks.filter((item) => item.userID !== userID))
  }

  /** Nothing of one account may show in the next: the pages call it before loading. */
  reset(): void {
    this.viewed = null
    this.blocks = []
    this.blocksLoaded = false
  }
}

export const safetyStore = new SafetyStore()
export type { SafetyStore }
