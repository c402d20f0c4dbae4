/** The local IM command line: flags, the one contract line on stdout, SIGTERM/SIGINT shutdown. */
import { parseArgs } from 'node:util'
import { startLocalIm, type LogLevel } from './index'

const usage =
  'usage: npm run local-im -- --port <p> --sdkappid <id> --secret-key <key> ' +
  '[--admin <identifier>] [--data <dir>] [--rest-rate-limit <n>] [--log-level <level>] ' +
  '[--multi-instance] [--hello-interval <s>] [--callback-url <url> [--callback-token <token>]] ' +
  '[--blocked-send-shows-success]'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      sdkappid: { type: 'string' },
      'secret-key': { type: 'string' },
      admin: { type: 'string' },
      data: { type: 'string' },
      'rest-rate-limit': { type: 'string' },
      'log-level': { type: 'string' },
      'multi-instance': { type: 'boolean', default: false },
      'hello-interval': { type: 'string' },
      'callback-url': { type: 'string' },
      'callback-token': { type: 'string' },
      'blocked-send-shows-success': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  const logLevels = ['silent', 'error', 'warn', 'info', 'debug']
  if (values['log-level'] !== undefined && !logLevels.includes(values['log-level'])) {
    process.stderr.write(`--log-level must be one of ${logLevels.join(', ')}\n${usage}\n`)
    process.exitCode = 2
    return
  }
  const port = Number(values.port)
  const sdkAppID = Number(values.sdkappid)
  const helloInterval =
    values['hello-interval'] === undefined ? undefined : Number(values['hello-interval'])
  const badHello =
    helloInterval !== undefined && !(Number.isInteger(helloInterval) && helloInterval > 0)
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    !values['secret-key'] ||
    !sdkAppID ||
    badHello
  ) {
    process.stderr.write(`${usage}\n`)
    process.exitCode = 2
    return
  }
  const im = await startLocalIm({
    port,
    sdkAppID,
    secretKey: values['secret-key'],
    admin: values.admin,
    dataDir: values.data,
    restRateLimitPerSecond: values['rest-rate-limit']
      ? Number(values['rest-rate-limit'])
      : undefined,
    multiInstance: values['multi-instance'],
    helloIntervalSeconds: helloInterval,
    callbackUrl: values['callback-url'],
    callbackToken: values['callback-token'],
    blockedSendsAppearSent: values['blocked-send-shows-success'],
    onStoreFailure: (error) => {
      // Nothing unsaved may be acknowledged: stop instead of serving on a broken store.
      process.stderr.write(`local-im: the data store failed, exiting: ${String(error)}\n`)
      process.exit(1)
    },
    logLevel: (values['log-level'] as LogLevel | undefined) ?? 'info',
  })
  process.stdout.write(`local-im listening ${im.wsUrl} ${im.httpUrl}\n`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    im.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`local-im: close after ${signal} failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`local-im: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
