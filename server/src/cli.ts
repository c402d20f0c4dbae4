/**
 * Process entry: `npm run server -- --port <p>`. Loads and validates the environment once, listens
 * (127.0.0.1 unless HOST says otherwise), prints the contract line, and shuts down gracefully.
 */
import { parseArgs } from 'node:util'
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig } from './config'
import { startServer } from './index'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

async function main(): Promise<void> {
  let port: number
  try {
    const { values } = parseArgs({
      options: { port: { type: 'string', default: '3000' } },
      strict: true,
    })
    const raw = values.port ?? '3000'
    port = Number(raw)
    if (!/^\d+$/.test(raw) || port > 65535) fail(`--port must be 0-65535, got "${raw}"`)
  } catch (error) {
    fail(`usage: npm run server -- --port <p>\n${(error as Error).message}`)
  }

  let config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }

  const host = process.env.HOST?.trim() || '127.0.0.1'
  // Logs go to stderr so stdout carries only the contract line tools wait for.
  const server = await startServer(config, port, {
    host,
    trustProxy: process.env.TRUST_PROXY === '1',
    logStream: process.stderr,
  })
  if (config.devLogin && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    server.app.log.warn(
      { host },
      'DEV_LOGIN=1 on a non-loopback address: anyone who reaches this server can get a sig for any user',
    )
  }
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) server.app.log.error({ err }, 'closing after an error')
    else server.app.log.info({ signal }, 'closing')
    await server.close()
  })
  process.stdout.write(`server listening ${server.url}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`server failed to start: ${(error as Error).message ?? String(error)}\n`)
  process.exit(1)
})
