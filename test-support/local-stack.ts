/**
 * The local development stack as processes, in one call: the local Tencent IM and the app server (dev login on),
 * each started through its npm command and contract line. `npm start` runs it on the fixed ports the
 * mini-program's local config expects; the e2e specs run it on free ports (scripts/lib/local-stack.ts builds the
 * mini-program against it).
 */
import { createServer } from 'node:net'
import { startContractProcess, type ContractProcess } from './contract-process'

/**
 * Development-only credentials of the local stack. They never protect anything real: the local IM accepts only
 * loopback connections and a real Tencent app has its own SDKAppID and secret key (see server/.env.example).
 */
export const DEV_CREDENTIALS = {
  sdkAppID: 1400000001,
  secretKey: 'local-dev-secret-key-do-not-use-in-production',
  admin: 'administrator',
  adminToken: 'local-dev-admin-token',
  sessionSecret: 'local-dev-session-secret-0123456789abcdef',
  /** Signs the local IM's before-send callbacks to the app server (IM_CALLBACK_TOKEN). */
  callbackToken: 'local-dev-im-callback-token',
} as const

/** The ports `miniprogram/config` uses in local mode, so DevTools and `npm start` agree without a rebuild. */
export const DEFAULT_PORTS = { localIm: 9000, appServer: 3000 } as const

export interface LocalStackOptions {
  localImPort?: number
  appServerPort?: number
  /** Persist the local IM's data here (survives a restart of the local IM). */
  dataDir?: string
  /** Lifetime of the UserSigs the app server issues, in seconds. */
  userSigTtl?: number
  echo?: boolean
}

export interface LocalStack {
  localIm: { port: number; wsUrl: string; httpUrl: string; process: ContractProcess }
  appServer: { port: number; url: string; process: ContractProcess }
  /** Stops and starts the local IM again on the same port (and data dir), for outage scenarios. */
  stopLocalIm(): Promise<void>
  startLocalIm(): Promise<void>
  stop(): Promise<void>
}

/** A port nobody listens on right now, for a process that has to be named before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const creds = DEV_CREDENTIALS
  // The local IM calls the app server's content check before storing each message, as Tencent
  // does with the console's callback URL; the server's port must be known before either starts.
  const appServerPort = options.appServerPort || (await freePort())
  const launchLocalIm = (port: number) =>
    startContractProcess({
      script: 'local-im',
      label: 'local-im',
      echo: options.echo,
      args: [
        '--port',
        String(port),
        '--sdkappid',
        String(creds.sdkAppID),
        '--secret-key',
        creds.secretKey,
        '--admin',
        creds.admin,
        ...(options.dataDir ? ['--data', options.dataDir] : []),
        ...['--callback-url', `http://127.0.0.1:${appServerPort}/im/callback`],
        ...['--callback-token', creds.callbackToken],
      ],
      ready: /^local-im listening (ws:\/\/127\.0\.0\.1:(\d+)) (http:\/\/127\.0\.0\.1:\d+)$/,
    })

  let localImProcess: ContractProcess | undefined = await launchLocalIm(options.localImPort ?? 0)
  const localImPort = Number(localImProcess.match[2])
  const localIm = {
    port: localImPort,
    wsUrl: localImProcess.match[1]!,
    httpUrl: localImProcess.match[3]!,
    process: localImProcess,
  }

  let serverProcess: ContractProcess
  try {
    serverProcess = await startContractProcess({
      script: 'server',
      label: 'server',
      echo: options.echo,
      args: ['--port', String(appServerPort)],
      env: {
        TIM_SDKAPPID: String(creds.sdkAppID),
        TIM_SECRET_KEY: creds.secretKey,
        TIM_ADMIN: creds.admin,
        TIM_API_BASE: localIm.httpUrl,
        DEV_LOGIN: '1',
        ADMIN_TOKEN: creds.adminToken,
        SESSION_SECRET: creds.sessionSecret,
        IM_CALLBACK_TOKEN: creds.callbackToken,
        ...(options.userSigTtl ? { USERSIG_TTL: String(options.userSigTtl) } : {}),
      },
      ready: /^server listening (http:\/\/127\.0\.0\.1:(\d+))$/,
    })
  } catch (error) {
    await localImProcess.stop()
    throw error
  }

  return {
    localIm,
    appServer: {
      port: Number(serverProcess.match[2]),
      url: serverProcess.match[1]!,
      process: serverProcess,
    },
    async stopLocalIm() {
      await localImProcess?.stop()
      localImProcess = undefined
    },
    async startLocalIm() {
      if (localImProcess) return
      localImProcess = await launchLocalIm(localImPort)
      localIm.process = localImProcess
    },
    async stop() {
      await Promise.all([serverProcess.stop(), localImProcess?.stop()])
    },
  }
}
