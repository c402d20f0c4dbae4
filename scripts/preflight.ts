/**
 * `npm run preflight [-- --app-server <https url>] [--project <DevTools project folder>]`: what WeChat review and
 * the platform reject, checked on WeChat's own compile of the release (the files an upload sends). Without
 * --project it stages the release from this repository first, with the production app server from
 * `--app-server` or RELEASE_APP_SERVER_URL. Exits 1 on any problem.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { formatPreflightReport } from './lib/preflight-checks'
import {
  compileAndPreflight,
  readDevelopmentConfig,
  RELEASE_APP_SERVER_ENV,
  stageRelease,
} from './lib/release-project'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { project: { type: 'string' }, 'app-server': { type: 'string' } },
    strict: true,
  })
  const appServerUrl = values['app-server'] ?? (process.env[RELEASE_APP_SERVER_ENV] || undefined)
  if (values.project && values['app-server']) {
    throw new Error('--app-server is for the staged release; a --project is checked as it is')
  }
  let projectDir: string
  let staged = false
  if (values.project) {
    projectDir = path.resolve(values.project)
  } else {
    console.log('staging the release (sources + npm)…')
    projectDir = (await stageRelease({ appServerUrl, log: (line) => console.log(line) })).projectDir
    staged = true
  }
  console.log(`preflight of ${projectDir} (compiled by miniprogram-ci)`)
  try {
    const report = await compileAndPreflight(projectDir, readDevelopmentConfig())
    console.log(formatPreflightReport(report))
    process.exitCode = report.ok ? 0 : 1
  } finally {
    if (staged) rmSync(projectDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(
    `preflight could not run: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
})
