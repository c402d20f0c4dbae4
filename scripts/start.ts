/**
 * `npm start`: the whole product on this machine, no WeChat and no Tencent cloud needed.
 * Starts the local Tencent IM and the app server (dev login on) on the ports the mini-program's local
 * configuration expects, then prints how to use them. Ctrl-C stops everything.
 */
import { DEFAULT_PORTS, DEV_CREDENTIALS, startLocalStack } from './lib/local-stack'

async function main(): Promise<void> {
  const stack = await startLocalStack({
    localImPort: DEFAULT_PORTS.localIm,
    appServerPort: DEFAULT_PORTS.appServer,
    dataDir: '.data/local-im',
  })

  console.log(`
Local stack is running:
  local Tencent IM   ${stack.localIm.wsUrl} (SDK)  ${stack.localIm.httpUrl}/v4/… (REST)
  app server         ${stack.appServer.url} (dev login on)
  SDKAppID           ${DEV_CREDENTIALS.sdkAppID} (development only)

Try it:
  curl -s -X POST ${stack.appServer.url}/api/login -H 'content-type: application/json' -d '{"devUser":"alice"}'

WeChat DevTools: open this folder, choose "不校验合法域名" (do not verify domains) and compile; the app's
local mode talks to the two services above. Ctrl-C stops everything.`)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    console.log('\nStopping…')
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
