/**
 * The app server as a library: `buildApp` for in-process tests (`app.inject`) and `startServer`
 * to listen on a real port. Configuration comes from `loadConfig(env)`.
 */
import type { AddressInfo } from 'node:net'
import type { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import app from './app'
import type { ServerConfig } from './config'

export { loadConfig, ConfigError, type ServerConfig, type RateLimitConfig } from './config'
export { userIDFromOpenID, isValidImUserID } from './user-id'
export { TEXT_MESSAGE_MAX_BYTES } from './schemas/admin'

export interface BuildOptions {
  /** Where pino writes; defaults to stdout. Tests pass a stream to inspect or silence logs. */
  logStream?: Writable
  /** Behind a reverse proxy, trust its X-Forwarded-For so per-IP limits see real clients. */
  trustProxy?: boolean
}

/** Paths pino blanks out wherever they appear, so no secret, sig or token is ever logged. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.headers.cookie',
  '*.userSig',
  '*.usersig',
  '*.token',
  '*.secret',
  '*.secretKey',
  '*.timSecretKey',
  '*.sessionSecret',
  '*.adminToken',
  '*.wxSecret',
  '*.session_key',
  '*.secretAccessKey',
  '*.imCallbackToken',
  '*.access_token',
]

export function buildApp(config: ServerConfig, options: BuildOptions = {}): FastifyInstance {
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      ...(options.logStream && { stream: options.logStream }),
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    // Requests that stall must not hold sockets forever.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>()
  // Not encapsulated: the app's error and 404 handlers must also cover errors raised before routing.
  void fastify.register(fp(app), { config })
  return fastify
}

export interface RunningServer {
  app: FastifyInstance
  port: number
  url: string
  close(): Promise<void>
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once the server accepts requests. */
export async function startServer(
  config: ServerConfig,
  port: number,
  options: BuildOptions & { host?: string } = {},
): Promise<RunningServer> {
  const fastify = buildApp(config, options)
  const host = options.host ?? '127.0.0.1'
  await fastify.listen({ port, host })
  const address = fastify.server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    app: fastify,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: () => fastify.close(),
  }
}
