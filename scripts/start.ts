/**
 * `npm start`: the whole product on this machine, no WeChat and no Tencent cloud needed.
 * Starts the local Tencent IM and the app server (dev login on) on the ports the mini-program's local
 * configuration expects, builds the mini-program against them, runs two headless phones (alice and bob) and
 * serves a page that shows both, live. Ctrl-C stops everything.
 *
 * `npm start -- [--port 8080] [--im-port 9000] [--server-port 3000] [--data .data/local-im]` (0: any free port)
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { startLivePreview, type LivePreview } from '../local-stack/live-preview/src/live-stack'
import { DEFAULT_PORTS, DEV_CREDENTIALS } from '@tim-c2c/test-support'

// The host's default (local-stack/headless-host/src/render.ts), read here without loading the host itself.
const CHROMIUM_PATH = process.env.HEADLESS_HOST_CHROMIUM ?? '/usr/bin/chromium'

function portOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--${name} should be a port number (0 for any free port), got "${value}"`)
  return port
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'im-port': { type: 'string' },
      'server-port': { type: 'string' },
      data: { type: 'string' },
    },
    strict: true,
  })
  // Ctrl-C while starting aborts the start-up, which stops whatever has started so far.
  const startup = new AbortController()
  let preview: LivePreview | undefined
  let stopping = false
  const stop = (): void => {
    if (!preview) return startup.abort()
    if (stopping) return
    stopping = true
    console.log('\nStopping…')
    void preview.stop().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)

  const startedAt = Date.now()
  try {
    preview = await startLivePreview({
      port: portOption('port', values.port, 8080),
      localImPort: portOption('im-port', values['im-port'], DEFAULT_PORTS.localIm),
      appServerPort: portOption('server-port', values['server-port'], DEFAULT_PORTS.appServer),
      dataDir: values.data ?? '.data/local-im',
      log: (line) => console.log(line),
      signal: startup.signal,
    })
  } catch (error) {
    if (!startup.signal.aborted) throw error
    console.log('Stopped before everything had started.')
    process.exit(0)
  }
  const { stack } = preview
  const fixedPorts =
    stack.localIm.port === DEFAULT_PORTS.localIm && stack.appServer.port === DEFAULT_PORTS.appServer

  const chromiumNote = fs.existsSync(CHROMIUM_PATH)
    ? ''
    : `Note: Chromium is not installed at ${CHROMIUM_PATH}. The phones run and the preview works, but whatever the
app measures on screen (scroll-view positions such as the chat list, selector queries, screenshots) fails.
Install it with: apt-get install -y --no-install-recommends chromium fonts-noto-cjk

`
  console.log(`
Everything is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s):
  live preview       ${preview.url}
  local Tencent IM   ${stack.localIm.wsUrl} (SDK)  ${stack.localIm.httpUrl}/v4/… (REST)
  app server         ${stack.appServer.url} (dev login on)
  SDKAppID           ${DEV_CREDENTIALS.sdkAppID} (development only)

Open the preview in a browser: two phones, alice (left) and bob (right), both on the login page. Click a phone
to tap it, type into its inputs, scroll its lists, right-click for a long press; chat with yourself across them.

WeChat DevTools against the same stack: open this repository's folder (project.config.json has the test AppID
"touristappid"), run 工具 → 构建 npm once, keep 详情 → 本地设置 → "不校验合法域名、web-view（业务域名）、TLS 版本以及
HTTPS 证书" (do not verify domains) ticked, and compile. The app's local mode uses 127.0.0.1:${DEFAULT_PORTS.localIm} (local IM) and 127.0.0.1:${DEFAULT_PORTS.appServer} (app server)${fixedPorts ? ', the two services above' : `; this run uses other ports, so DevTools will not reach it`}.

${chromiumNote}Ctrl-C stops everything.`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
