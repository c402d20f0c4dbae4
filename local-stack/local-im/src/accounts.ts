/** Accounts, their profiles, A2 login sessions and kicks. */
import { createHash, randomBytes } from 'node:crypto'
import {
  ImError,
  ImFailure,
  nowSeconds,
  storeKey,
  type A2Session,
  type Account,
  type Counters,
  type ModelListener,
  type ProfileItem,
  type ProfileValue,
} from './model-types'
import type { RecordStore } from './store'

export const ProfileTag = {
  nick: 'Tag_Profile_IM_Nick',
  image: 'Tag_Profile_IM_Image',
} as const

const STANDARD_PROFILE_TAGS = new Set([
  'Tag_Profile_IM_Nick',
  'Tag_Profile_IM_Gender',
  'Tag_Profile_IM_BirthDay',
  'Tag_Profile_IM_Location',
  'Tag_Profile_IM_SelfSignature',
  'Tag_Profile_IM_AllowType',
  'Tag_Profile_IM_Language',
  'Tag_Profile_IM_Image',
  'Tag_Profile_IM_MsgSettings',
  'Tag_Profile_IM_AdminForbidType',
  'Tag_Profile_IM_Level',
  'Tag_Profile_IM_Role',
])

export function isKnownProfileTag(tag: string): boolean {
  return STANDARD_PROFILE_TAGS.has(tag) || tag.startsWith('Tag_Profile_Custom_')
}

/** Tencent's TinyIDs are 64-bit numbers carried as strings. */
const TINY_ID_BASE = 144115000000000000n

function sigDigest(userSig: string): string {
  return createHash('sha256').update(userSig).digest('base64url')
}

/** The parts of the model an account book reaches into. */
export interface AccountHooks {
  listener(): ModelListener | undefined
  saveCounters(): void
  /** Friends of a user (the audience of their profile changes). */
  friendsOf(userID: string): Iterable<string>
  /** Called when an account is deleted, so its friend links go too. */
  accountDeleted(userID: string): void
}

export class AccountBook {
  private readonly accounts = new Map<string, Account>()
  private readonly a2Sessions = new Map<string, A2Session>()

  constructor(
    private readonly store: RecordStore,
    private readonly counters: Counters,
    private readonly hooks: AccountHooks,
  ) {}

  load(account: Account): void {
    this.accounts.set(account.userID, account)
  }

  /** Keeps a stored session unless its UserSig expired (it could only answer 70001). */
  loadSession(session: A2Session, now: number): void {
    if (session.expiresAt <= now) this.store.del(storeKey.a2(session.a2Key))
    else this.a2Sessions.set(session.a2Key, session)
  }

  importAccount(userID: string, nick?: string, faceUrl?: string): Account {
    let account = this.accounts.get(userID)
    if (!account) {
      account = {
        userID,
        tinyID: (TINY_ID_BASE + BigInt(this.counters.nextTinyID++)).toString(),
        createdAt: nowSeconds(),
        profile: {},
        sigsValidFrom: 0,
      }
      this.accounts.set(userID, account)
      this.hooks.saveCounters()
    }
    if (nick !== undefined) account.profile[ProfileTag.nick] = nick
    if (faceUrl !== undefined) account.profile[ProfileTag.image] = faceUrl
    this.save(account)
    return account
  }

  get(userID: string): Account | undefined {
    return this.accounts.get(userID)
  }

  has(userID: string): boolean {
    return this.accounts.has(userID)
  }

  require(userID: string): Account {
    const account = this.accounts.get(userID)
    if (!account) throw new ImFailure(ImError.accountNotFound, `account ${userID} is not imported`)
    return account
  }

  delete(userID: string): boolean {
    if (!this.accounts.has(userID)) return false
    this.kick(userID, 3)
    this.accounts.delete(userID)
    this.store.del(storeKey.account(userID))
    this.hooks.accountDeleted(userID)
    return true
  }

  list(): Account[] {
    return [...this.accounts.values()]
  }

  // ---------------------------------------------------------------- A2 sessions and kicks

  createSession(userID: string, expiresAt: number, instanceID: string, userSig: string) {
    const session: A2Session = {
      a2Key: randomBytes(24).toString('hex'),
      userID,
      expiresAt,
      instanceID,
      sigDigest: sigDigest(userSig),
    }
    this.a2Sessions.set(session.a2Key, session)
    this.store.put(storeKey.a2(session.a2Key), session)
    return session
  }

  session(a2Key: string): A2Session | undefined {
    return this.a2Sessions.get(a2Key)
  }

  sessionsOf(userID: string): A2Session[] {
    return [...this.a2Sessions.values()].filter((session) => session.userID === userID)
  }

  endSession(a2Key: string): boolean {
    if (!this.a2Sessions.delete(a2Key)) return false
    this.store.del(storeKey.a2(a2Key))
    return true
  }

  /** Marks every A2Key of the user (except one) as kicked; the kicked ones answer 1002. */
  kickSessions(userID: string, kickType: number, exceptA2Key?: string): A2Session[] {
    const kicked: A2Session[] = []
    for (const session of this.a2Sessions.values()) {
      if (session.userID !== userID || session.a2Key === exceptA2Key) continue
      if (session.kickedWith !== undefined) continue
      session.kickedWith = kickType
      this.store.put(storeKey.a2(session.a2Key), session)
      kicked.push(session)
    }
    return kicked
  }

  /** REST kick: the user's sessions end and the UserSigs issued so far stop working. */
  kick(userID: string, kickType: number): void {
    const account = this.accounts.get(userID)
    const kicked = this.kickSessions(userID, kickType)
    if (account) {
      // Whole seconds: sigs from earlier seconds are refused outright, and the exact sigs of the
      // kicked sessions too, so a sig freshly generated in the kick's second still logs in.
      account.sigsValidFrom = nowSeconds()
      const revoked = new Set([...(account.revokedSigs ?? []), ...kicked.map((s) => s.sigDigest)])
      account.revokedSigs = [...revoked].slice(-32)
      this.save(account)
    }
    this.hooks.listener()?.accountKicked(userID, kickType)
  }

  /** Whether a verified UserSig was revoked by a REST kick. */
  isSigRevoked(userID: string, userSig: string, issuedAt: number): boolean {
    const account = this.accounts.get(userID)
    if (!account) return false
    return (
      issuedAt < account.sigsValidFrom || (account.revokedSigs ?? []).includes(sigDigest(userSig))
    )
  }

  // ---------------------------------------------------------------- profiles

  getProfile(userID: string, tags?: string[]): ProfileItem[] {
    const account = this.require(userID)
    const wanted = tags && tags.length > 0 ? tags : undefined
    const items: ProfileItem[] = []
    const base: Record<string, ProfileValue> = {
      [ProfileTag.nick]: '',
      [ProfileTag.image]: '',
      ...account.profile,
    }
    for (const [tag, value] of Object.entries(base)) {
      if (!wanted || wanted.includes(tag)) items.push({ Tag: tag, Value: value })
    }
    if (wanted) {
      for (const tag of wanted) {
        if (!(tag in base) && isKnownProfileTag(tag)) items.push({ Tag: tag, Value: '' })
      }
    }
    return items
  }

  nickOf(userID: string): string {
    return String(this.accounts.get(userID)?.profile[ProfileTag.nick] ?? '')
  }

  avatarOf(userID: string): string {
    return String(this.accounts.get(userID)?.profile[ProfileTag.image] ?? '')
  }

  setProfile(userID: string, items: ProfileItem[]): void {
    const account = this.require(userID)
    for (const item of items) {
      if (typeof item?.Tag !== 'string' || !isKnownProfileTag(item.Tag)) {
        throw new ImFailure(40001, `unknown profile tag ${String(item?.Tag)}`)
      }
      if (typeof item.Value !== 'string' && typeof item.Value !== 'number') {
        throw new ImFailure(40001, `profile value of ${item.Tag} must be a string or number`)
      }
    }
    for (const item of items) account.profile[item.Tag] = item.Value
    this.save(account)
    const audience = [userID, ...this.hooks.friendsOf(userID)]
    this.hooks.listener()?.profileChanged(userID, items, audience)
  }

  private save(account: Account): void {
    this.store.put(storeKey.account(account.userID), account)
  }
}
