/**
 * The local Tencent IM and the app server inside the test process, both on free ports: what the server's
 * integration tests and the mini-program's core specs run against. The server talks to the IM over real HTTP;
 * nothing Tencent-side is mocked. Each suite adds its own helpers on top (HTTP calls, SDK peers, app config).
 */
import { startLocalIm, type LocalIm, type LocalImOptions } from '@tim-c2c/local-im'
import {
  startServer,
  type BuildOptions,
  type RunningServer,
  type ServerConfig,
} from '@tim-c2c/server'

export interface InProcessStackOptions {
  /** The local IM's options; it listens on a free port unless `port` is given. */
  im: Omit<LocalImOptions, 'port'> & { port?: number }
  /** The app server's configuration against this IM, with a caller's extra environment for later servers. */
  serverConfig(im: LocalIm, extraEnv?: Record<string, string>): ServerConfig
  /** How the app servers are built (e.g. where their logs go). */
  serverOptions?: BuildOptions
}

export interface InProcessStack {
  im: LocalIm
  /** The first app server and its configuration. */
  server: RunningServer
  config: ServerConfig
  /** Another app server on the same IM (e.g. one signing with the wrong key); closed with the stack. */
  startServer(extraEnv?: Record<string, string>): Promise<RunningServer>
  /** Closes every app server, then the IM. */
  close(): Promise<void>
}

export async function startInProcessStack(options: InProcessStackOptions): Promise<InProcessStack> {
  const im = await startLocalIm({ port: 0, ...options.im })
  const servers: RunningServer[] = []
  const launch = async (config: ServerConfig) => {
    const started = await startServer(config, 0, options.serverOptions)
    servers.push(started)
    return started
  }
  let config: ServerConfig
  let server: RunningServer
  try {
    config = options.serverConfig(im)
    server = await launch(config)
  } catch (error) {
    await im.close()
    throw error
  }
  return {
    im,
    server,
    config,
    startServer: (extraEnv) => launch(options.serverConfig(im, extraEnv)),
    async close() {
      await Promise.all(servers.map((running) => running.close()))
      await im.close()
    },
  }
}
