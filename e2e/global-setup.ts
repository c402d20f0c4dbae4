/**
 * Runs once per `npm run e2e`: creates the run folder (screenshots, logs) under the OS temp dir and builds the
 * mini-program into it. Spec files copy that build and point it at their own stack (see support/world.ts), so
 * the build happens once however many stacks the run starts.
 *
 * The build is WeChat's own compile through miniprogram-ci (`npm run build -- --compiler wechat`: TypeScript
 * plugin, ES6→ES5 as project.config.json says), i.e. the files `npm run upload` sends. `E2E_COMPILER=tsc`
 * runs the specs on the project's own tsc build instead (what `npm start` loads).
 */
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { MiniprogramCompiler } from '../scripts/lib/build-miniprogram'
import { buildMiniProgram } from '../scripts/lib/local-stack'
import { RUN_ENV, currentMode } from './support/mode'

const COMPILER_ENV = 'E2E_COMPILER'

function compilerFromEnv(): MiniprogramCompiler {
  const value = process.env[COMPILER_ENV] ?? 'wechat'
  if (value === 'wechat' || value === 'tsc') return value
  throw new Error(`${COMPILER_ENV} should be wechat or tsc, got "${value}"`)
}

export default async function globalSetup(): Promise<void> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'tim-c2c-e2e-'))
  process.env[RUN_ENV.runDir] = runDir
  console.log(`\ne2e run folder (screenshots): ${runDir}`)
  if (currentMode().kind === 'devtools') return // DevTools compiles the repository itself.
  const prebuilt = process.env[RUN_ENV.buildDir]
  if (prebuilt) {
    // Lets a developer re-run the specs against a build they already have (`E2E_BUILD_DIR=<dir> npm run e2e`).
    if (!existsSync(path.join(prebuilt, 'app.json')))
      throw new Error(`${RUN_ENV.buildDir}=${prebuilt} is not a built mini-program (no app.json)`)
    console.log(`e2e: using the existing build ${prebuilt}`)
    return
  }
  const compiler = compilerFromEnv()
  const started = Date.now()
  const buildDir = path.join(runDir, 'build')
  await buildMiniProgram(buildDir, undefined, undefined, compiler)
  process.env[RUN_ENV.buildDir] = buildDir
  const how = compiler === 'wechat' ? "WeChat's compiler (miniprogram-ci)" : 'tsc'
  console.log(
    `e2e: mini-program built by ${how} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
}
