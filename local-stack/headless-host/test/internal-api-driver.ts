// Run by internal-api.test.ts in a child process (jsdom cannot load inside jest's module sandbox): drives the
// in-process API and prints what it observed as one JSON line.
import { startHost } from '../src/index'

function hidOf(html: string, wxId: string): string {
  const match = new RegExp(`data-hid="(e\\d+)" data-wx-id="${wxId}"`).exec(html)
  if (!match?.[1]) throw new Error(`no node with id ${wxId} in the rendered page`)
  return match[1]
}

async function main(): Promise<void> {
  const projectDir = process.argv[2]
  if (!projectDir) throw new Error('usage: internal-api-driver <project dir>')
  const host = await startHost({ projectDir, port: 0 })
  let changes = 0
  const stop = host.onChange(() => changes++)
  const first = host.renderPage()
  await host.tap(hidOf(first.html, 'inc'))
  const afterTap = host.renderPage().html
  await host.input(hidOf(afterTap, 'todo-input'), 'typed')
  const afterInput = host.renderPage().html
  await host.scroll(hidOf(afterInput, 'add'), 120)
  const scrolledTo: unknown = host.runtime.pages.current().instance.data.scrolledTo
  await host.tapTabBar(1)
  const afterTab = host.renderPage()
  stop()
  const observed = {
    wsEndpoint: host.wsEndpoint,
    port: host.port,
    first: { route: first.route, html: first.html, css: first.css, document: first.document },
    afterTap,
    afterInput,
    scrolledTo,
    afterTabRoute: afterTab.route,
    changes,
  }
  await host.close()
  process.stdout.write(`${JSON.stringify(observed)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
