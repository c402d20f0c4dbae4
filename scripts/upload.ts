/**
 * `npm run upload -- --version <v> --desc <text> [--app-server <https url>] [--project <DevTools project>]`:
 * stages the release (as `npm run preflight` does), runs preflight on WeChat's compile of it, then uploads it
 * with miniprogram-ci, which compiles the same project the same way. The app ID and the upload key come from
 * the environment (WX_APPID, WX_UPLOAD_PRIVATE_KEY_PATH) and never from the repository; the release app
 * server from --app-server or RELEASE_APP_SERVER_URL.
 */
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type * as MiniprogramCi from 'miniprogram-ci'
import { formatPreflightReport } from './lib/preflight-checks'
import {
  compileAndPreflight,
  readDevelopmentConfig,
  RELEASE_APP_SERVER_ENV,
  stageRelease,
} from './lib/release-project'

class UsageError extends Error {}

function requireCredentials(env: NodeJS.ProcessEnv): { appid: string; privateKeyPath: string } {
  const appid = env.WX_APPID?.trim()
  const privateKeyPath = env.WX_UPLOAD_PRIVATE_KEY_PATH?.trim()
  const missing: string[] = []
  if (!appid) missing.push('WX_APPID (your mini-program AppID, wx…)')
  if (!privateKeyPath) {
    missing.push(
      'WX_UPLOAD_PRIVATE_KEY_PATH (the code-upload key file from mp.weixin.qq.com → 开发管理 → 开发设置 → 小程序代码上传)',
    )
  }
  if (missing.length > 0) {
    throw new UsageError(`upload stopped before contacting WeChat: set ${missing.join(' and ')}`)
  }
  if (!/^wx[0-9a-f]{16}$/i.test(appid!)) {
    throw new UsageError(`upload stopped: WX_APPID "${appid}" is not an AppID (wx + 16 hex digits)`)
  }
  if (!existsSync(privateKeyPath!)) {
    throw new UsageError(`upload stopped: the key file ${privateKeyPath} does not exist`)
  }
  return { appid: appid!, privateKeyPath: privateKeyPath! }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      desc: { type: 'string' },
      project: { type: 'string' },
      'app-server': { type: 'string' },
    },
    strict: true,
  })
  if (!values.version || !/^\d+\.\d+\.\d+([-.][0-9A-Za-z.-]+)?$/.test(values.version)) {
    throw new UsageError('usage: npm run upload -- --version <x.y.z> --desc <text>')
  }
  if (!values.desc?.trim()) throw new UsageError('--desc <text> is required (shown to reviewers)')
  if (values.project && values['app-server']) {
    throw new UsageError('--app-server is for the staged release; a --project is uploaded as it is')
  }

  const projectDir = values.project
    ? path.resolve(values.project)
    : (
        await stageRelease({
          appid: process.env.WX_APPID?.trim() || undefined,
          appServerUrl: values['app-server'] ?? (process.env[RELEASE_APP_SERVER_ENV] || undefined),
        })
      ).projectDir
  try {
    await preflightAndUpload(projectDir, values.version, values.desc)
  } finally {
    if (!values.project) rmSync(projectDir, { recursive: true, force: true })
  }
}

async function preflightAndUpload(projectDir: string, version: string, desc: string) {
  const report = await compileAndPreflight(projectDir, readDevelopmentConfig())
  console.log(formatPreflightReport(report))
  if (!report.ok) throw new UsageError('upload stopped: preflight failed')

  const { appid, privateKeyPath } = requireCredentials(process.env)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as typeof MiniprogramCi
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath: projectDir,
    privateKeyPath,
    ignores: ['node_modules/**/*'],
  })
  const result = await ci.upload({
    project,
    version,
    desc,
    setting: { useProjectConfig: true },
    onProgressUpdate: (task: unknown) => {
      if (typeof task === 'string') console.log(task)
      else if (task && typeof task === 'object' && 'message' in task) {
        console.log(String((task as { message: unknown }).message))
      }
    },
  })
  console.log(`uploaded ${version}:`, JSON.stringify(result))
}

main().then(
  // miniprogram-ci's compiler process would keep Node alive after the upload.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(error instanceof UsageError ? 2 : 1)
  },
)
