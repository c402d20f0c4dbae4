/** Login, logout, keep-alives and the SDK's configuration servcmds. */
import { verifyUserSig } from './usersig'
import { ImError, type A2Session } from './model'
import {
  SdkError,
  SessionFailure,
  sigSeconds,
  type Connection,
  type Frame,
  type GatewayContext,
  type Handler,
} from './sdk-context'
import { asString } from './wire'

/** The SDK's own default when a login reply leaves HelloInterval out. */
export const DEFAULT_HELLO_INTERVAL_SECONDS = 120

/**
 * How long the SDK may keep its cloud configuration and purchase bits before asking again. The
 * SDK falls back to one hour when a reply carries no usable data; the local IM answers the same.
 */
const CONFIG_LIFETIME_SECONDS = 3600

/** servcmds answered with a plain OK: the SDK needs nothing more from them for C2C chat. */
export const GENERIC_WITH_BODY: Record<string, Frame> = {
  'openim.authkey': { AuthKey: 'local-im', ExpireTime: 0 },
  'sns.group_get': { ResultItem: [], CurrentSequence: 0 },
  'sns.pendency_get': {
    PendencyItem: [],
    UnreadPendencyCount: 0,
    StartTime: 0,
    MaxLimited: 0,
    LastSequence: 0,
  },
  'recentcontact.get_contact_group': { GroupItem: [] },
  'openim.get_c2c_peer_mute_notifications': { MuteNotificationsList: [] },
  'group_open_http_svc.get_joined_group_list': { TotalCount: 0, GroupIdList: [] },
  'million_group_open_http_svc.get_joined_group_list': { TotalCount: 0, GroupIdList: [] },
}

export function registerSessionHandlers(
  on: (servcmd: string, handler: Handler) => void,
  ctx: GatewayContext,
): void {
  on('im_open_status.wslogin', (connection, _body, head) => login(ctx, connection, head))
  on('im_open_status.wslogout', (connection, _body, head) => {
    const a2Key = connection.a2Key ?? asString(head.a2)
    if (a2Key) ctx.model.endSession(a2Key)
    ctx.unbind(connection)
    return {}
  })
  on('im_open_status.wshello', (connection, _body, head) => {
    ctx.requireUser(connection, head)
    return {}
  })
  on('heartbeat.alive', (connection, _body, head) => {
    // Before login it is a plain keep-alive; after it, an expired or kicked session says so.
    if (connection.a2Key) ctx.requireUser(connection, head)
    return {}
  })
  // The SDK refreshes both when their expiry passes; a reply without one disables the refresh.
  on('im_sdk_config_mgr.fetch_config', () => ({
    int32_error_code: 0,
    str_error_message: '',
    str_json_config: '{}',
    uint64_version: 1,
    uint32_sdkappid: ctx.model.sdkAppID,
    uint32_expired_time: CONFIG_LIFETIME_SECONDS,
  }))
  on('im_sdk_config_mgr.fetch_imsdk_purchase_bitsv2', () => ({
    int32_error_code: 0,
    str_error_message: '',
    str_purchase_bits: '',
    uint32_expired_time: CONFIG_LIFETIME_SECONDS,
  }))
}

function login(ctx: GatewayContext, connection: Connection, head: Frame): Frame {
  const { model, options } = ctx
  const a2 = asString(head.a2)
  const identifier = asString(head.identifier)
  const userSig = asString(head.usersig)
  let session: A2Session
  if (identifier && userSig) {
    const check = verifyUserSig(userSig, {
      sdkAppID: model.sdkAppID,
      secretKey: options.secretKey,
      userID: identifier,
      nowSeconds: sigSeconds(options),
    })
    if (!check.ok) throw new SessionFailure(check.code, check.reason)
    if (!model.accounts.has(identifier)) {
      throw new SessionFailure(ImError.accountNotFound, `account ${identifier} is not imported`)
    }
    if (model.accounts.isSigRevoked(identifier, userSig, check.sig.issuedAt)) {
      throw new SessionFailure(SdkError.sigExpired, 'UserSig was invalidated by a kick')
    }
    session = model.accounts.createSession(
      identifier,
      check.expiresAt,
      connection.instanceID,
      userSig,
    )
    if (!options.multiInstance) {
      // One login per account: the other instances are kicked (KickType 1).
      for (const kicked of model.accounts.kickSessions(identifier, 1, session.a2Key)) {
        ctx.pushKick(kicked.a2Key, 1)
      }
    }
  } else if (a2) {
    const known = model.accounts.session(a2)
    if (!known) throw new SessionFailure(SdkError.sigExpired, 'A2Key unknown or ended')
    if (known.kickedWith !== undefined) {
      throw new SessionFailure(SdkError.kicked, 'kicked out', {
        KickType: known.kickedWith,
        NewInstInfo: {},
      })
    }
    if (sigSeconds(options) >= known.expiresAt) {
      throw new SessionFailure(SdkError.sigExpired, 'UserSig expired')
    }
    session = known
    // A reconnect replaces the stale socket of the same session.
    for (const other of [...ctx.connectionsOf(known.userID)]) {
      if (other !== connection && other.a2Key === known.a2Key) {
        ctx.unbind(other)
        other.socket.close(4001, 'replaced by a reconnect')
      }
    }
  } else {
    throw new SessionFailure(SdkError.missingHead, 'wslogin needs identifier+usersig or a2')
  }
  ctx.bind(connection, session)
  const account = model.accounts.require(session.userID)
  return {
    A2Key: session.a2Key,
    TinyId: account.tinyID,
    InstId: connection.instID,
    HelloInterval: options.helloIntervalSeconds ?? DEFAULT_HELLO_INTERVAL_SECONDS,
    TimeStamp: Math.floor(Date.now() / 1000),
  }
}
