// `npm run host -- --project <built mini-program dir> --port <p> [--login-code <code>] [--screenshots <dir>] [--storage <file>] [--offline] [--device <model>] [--theme light|dark] [--font-size <px>]`
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startHost } from './index'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: 'string' },
      port: { type: 'string' },
      'login-code': { type: 'string' },
      screenshots: { type: 'string' },
      storage: { type: 'string' },
      offline: { type: 'boolean' },
      device: { type: 'string' },
      theme: { type: 'string' },
      'font-size': { type: 'string' },
    },
    strict: true,
  })
  if (!values.project || values.port === undefined) {
    throw new Error(
      'usage: npm run host -- --project <built mini-program dir> --port <p> [--login-code <code>] [--screenshots <dir>] [--storage <file>] [--offline] [--device iphone-8|iphone-x] [--theme light|dark] [--font-size <px>]',
    )
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port ${values.port}`)
  if (values.theme !== undefined && values.theme !== 'light' && values.theme !== 'dark')
    throw new Error(`invalid --theme ${values.theme} (light or dark)`)
  const fontSize = values['font-size'] === undefined ? undefined : Number(values['font-size'])
  if (fontSize !== undefined && !(fontSize >= 8 && fontSize <= 64))
    throw new Error(`invalid --font-size ${String(values['font-size'])} (px, 8 to 64)`)
  const host = await startHost({
    projectDir: path.resolve(values.project),
    port,
    loginCode: values['login-code'],
    screenshotsDir: values.screenshots ? path.resolve(values.screenshots) : undefined,
    storageFile: values.storage ? path.resolve(values.storage) : undefined,
    offline: values.offline,
    device: values.device,
    theme: values.theme,
    fontSize,
  })
  process.stdout.write(`host listening ws://127.0.0.1:${host.port}\n`)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`host stopped with an error: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // A mistake in the mini-program's own async code is the app's bug, not a reason to stop the host.
  process.on('unhandledRejection', (reason, promise) =>
    host.runtime.reporter.reportRejection(reason, promise),
  )
  process.on('uncaughtException', (error) => host.runtime.report(error, 'uncaught exception'))
}

main().catch((error: unknown) => {
  process.stderr.write(`headless host: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
