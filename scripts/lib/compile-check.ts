/**
 * The compile check: WeChat's own compile of the staged project (TypeScript plugin, ES6→ES5 through Babel or
 * SWC), failing on what that compiler rejects, then the checks of its output that it does not make itself.
 */
import path from 'node:path'
import type { CheckResult } from './checks'
import { checkPagesAndComponents } from './preflight-checks'
import { checkScripts, checkShippedFiles, checkWxml } from './compiled-output-checks'
import { readAppJson } from './mini-package'
import { compileWithWechat, WechatCompileError } from './wechat-compile'
import { withEs5Transform, type Es5Transform, type StagedProject } from './wechat-project'

export interface CompileCheckRun {
  transform: Es5Transform
  outDir: string
  /** What the compile produced (an upload sends exactly these); empty when the compiler refused. */
  files: string[]
  compileMs: number
  checks: CheckResult[]
  ok: boolean
}

/**
 * Compiles `staged` the given ES5 way into `outDir` and checks the output. The staged project.config.json is
 * rewritten for the transform; everything else in it stays as the project has it.
 */
export async function compileAndCheck(
  staged: StagedProject,
  transform: Es5Transform,
  outDir: string,
): Promise<CompileCheckRun> {
  const config = withEs5Transform(staged.config, transform)
  staged.writeConfig(config)
  const compiler: CheckResult = {
    name: `WeChat's compiler (miniprogram-ci, ES5 through ${transform === 'swc' ? 'SWC' : 'Babel'})`,
    problems: [],
    notes: [],
  }
  const started = Date.now()
  let files: string[] = []
  try {
    const compiled = await compileWithWechat(staged.projectDir, outDir)
    files = compiled.files
    compiler.notes.push(`${files.length} files in ${(compiled.durationMs / 1000).toFixed(1)} s`)
  } catch (error) {
    if (!(error instanceof WechatCompileError)) throw error
    compiler.problems.push(`code ${error.code ?? '?'}: ${error.compilerMessage.trim()}`)
  }
  const compileMs = Date.now() - started
  const checks = [compiler]
  if (compiler.problems.length === 0) {
    const root = path.resolve(outDir)
    let appJson
    try {
      appJson = readAppJson(root)
    } catch (error) {
      checks.push({ name: 'app.json', problems: [(error as Error).message], notes: [] })
    }
    if (appJson) checks.push(checkPagesAndComponents(root, appJson))
    const setting = config.setting ?? {}
    checks.push(checkScripts(root, { expectEs5: Boolean(setting.es6 || setting.enhance) }))
    checks.push(checkWxml(root))
    checks.push(checkShippedFiles(files))
  }
  return {
    transform,
    outDir,
    files,
    compileMs,
    checks,
    ok: checks.every((check) => check.problems.length === 0),
  }
}
