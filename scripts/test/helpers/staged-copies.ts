/**
 * The repository staged once as a DevTools project (sources + packed npm), and throwaway copies of it that a
 * test may break before compiling them with WeChat's compiler.
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  stageDevtoolsProject,
  type DevtoolsProjectConfig,
  type StagedProject,
} from '../../lib/wechat-project'

export interface StagedCopy extends StagedProject {
  /** A fresh output folder for a compile of this copy. */
  outDir: string
  /** Paths below miniprogramRoot. */
  read(relative: string): string
  write(relative: string, content: string): void
  append(relative: string, content: string): void
  remove(relative: string): void
  json<T = Record<string, unknown>>(relative: string): T
}

export interface StagedWorkspace {
  pristine: StagedProject
  /** `withNpm: false` leaves every miniprogram_npm folder out of the copy. */
  copy(options?: { withNpm?: boolean }): StagedCopy
  cleanup(): void
}

export async function stageWorkspace(): Promise<StagedWorkspace> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'compile-check-test-'))
  const pristine = await stageDevtoolsProject({ projectDir: path.join(workDir, 'pristine') })
  let copies = 0
  return {
    pristine,
    copy({ withNpm = true } = {}) {
      copies += 1
      const projectDir = path.join(workDir, `copy-${copies}`)
      cpSync(pristine.projectDir, projectDir, {
        recursive: true,
        filter: (source) => withNpm || path.basename(source) !== 'miniprogram_npm',
      })
      const miniprogramDir = path.join(
        projectDir,
        path.relative(pristine.projectDir, pristine.miniprogramDir),
      )
      const file = (relative: string) => path.join(miniprogramDir, relative)
      return {
        projectDir,
        miniprogramDir,
        config: structuredClone(pristine.config),
        outDir: path.join(workDir, `out-${copies}`),
        writeConfig: (config: DevtoolsProjectConfig) =>
          writeFileSync(
            path.join(projectDir, 'project.config.json'),
            JSON.stringify(config, null, 2),
          ),
        read: (relative) => readFileSync(file(relative), 'utf8'),
        write: (relative, content) => {
          mkdirSync(path.dirname(file(relative)), { recursive: true })
          writeFileSync(file(relative), content)
        },
        append: (relative, content) => appendFileSync(file(relative), content),
        remove: (relative) => rmSync(file(relative), { recursive: true, force: true }),
        json: (relative) => JSON.parse(readFileSync(file(relative), 'utf8')),
      }
    },
    cleanup: () => rmSync(workDir, { recursive: true, force: true }),
  }
}
