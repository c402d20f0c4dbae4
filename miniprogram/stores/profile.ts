import type { MyProfileView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

class ProfileStore {
  me: MyProfileView | null = null

  constructor() {
    makeAutoObservable(this, { me: observable.ref })
  }

  setMe(me: MyProfileView): void {
    this.me = Object.freeze({ ...me })
  }

  reset(): void {
    this.me = null
  }
}

export const profileStore = new ProfileStore()
export type { ProfileStore }
