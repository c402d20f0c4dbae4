/**
 * `npm run preflight [-- --project <staged release project>]`: checks the release package for what WeChat
 * review and the platform reject. Without --project it builds a fresh release package first.
 * Exits 1 on any problem.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { formatPreflightReport, runPreflight } from './lib/preflight-checks'
import { readDevelopmentConfig, stageRelease } from './lib/release-project'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { project: { type: 'string' } }, strict: true })
  let projectDir: string
  let staged = false
  if (values.project) {
    projectDir = path.resolve(values.project)
  } else {
    console.log('building the release package…')
    projectDir = (await stageRelease({})).projectDir
    staged = true
  }
  console.log(`preflight of ${projectDir}`)
  try {
    const report = runPreflight({ projectDir, developmentConfig: readDevelopmentConfig() })
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
