/**
 * The Tencent secret key (and the server's other secrets) may only ever be read by the server.
 * When the mini-program build exists, build it into a temp dir with marker secrets in the
 * environment and scan every output file for them and for the dev stack's secrets; also check
 * statically that no shipped mini-program source refers to secret-named configuration.
 */
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEV_CREDENTIALS, TIMEOUTS } from '@tim-c2c/test-support'
import { TEST_ADMIN_TOKEN, TEST_SECRET_KEY, TEST_SESSION_SECRET } from '../support/config'

// The build-and-scan test builds the whole mini-program.
jest.setTimeout(TIMEOUTS.longTest)

const repoRoot = path.resolve(__dirname, '../../..')
const miniprogramDir = path.join(repoRoot, 'miniprogram')
const buildScript = path.join(repoRoot, 'scripts/build.ts')

const MARKERS = {
  TIM_SECRET_KEY: 'marker-tim-secret-key-5f1c9e2a7b',
  SESSION_SECRET: 'marker-session-secret-0d4b8c61e3aa4f07',
  ADMIN_TOKEN: 'marker-admin-token-93b2e1',
  WX_SECRET: 'marker-wx-secret-7a6e21',
}

const secretValues = [
  ...Object.values(MARKERS),
  DEV_CREDENTIALS.secretKey,
  DEV_CREDENTIALS.sessionSecret,
  DEV_CREDENTIALS.adminToken,
  TEST_SECRET_KEY,
  TEST_SESSION_SECRET,
  TEST_ADMIN_TOKEN,
]

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((relative) => path.join(dir, relative))
    .filter((file) => statSync(file).isFile())
}

/** Every (file, secret) pair where a file under `dir` contains one of the secret values. */
function findLeaks(dir: string, secrets: string[]): string[] {
  return filesUnder(dir).flatMap((file) => {
    const content = readFileSync(file).toString('latin1')
    return secrets
      .filter((secret) => content.includes(secret))
      .map((secret) => `${path.relative(dir, file)} contains ${secret.slice(0, 12)}…`)
  })
}

/** Shipped mini-program sources: not tests, not the npm output, not test configs. */
function shippedSources(): string[] {
  return filesUnder(miniprogramDir).filter((file) => {
    const relative = path.relative(miniprogramDir, file).split(path.sep)
    const base = relative[relative.length - 1] ?? ''
    return (
      !relative.includes('__tests__') &&
      !relative.includes('miniprogram_npm') &&
      !/\.test\.ts$/.test(base) &&
      base !== 'jest.config.js' &&
      !/^tsconfig.*\.json$/.test(base)
    )
  })
}

const haveMiniprogram = existsSync(miniprogramDir)

it('the scan finds a secret planted in any file, text or binary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'secret-scan-self-test-'))
  try {
    mkdirSync(path.join(dir, 'pages/deep'), { recursive: true })
    writeFileSync(path.join(dir, 'app.js'), 'module.exports = {}')
    writeFileSync(
      path.join(dir, 'pages/deep/blob.bin'),
      Buffer.concat([
        Buffer.from([0, 255, 1]),
        Buffer.from(DEV_CREDENTIALS.secretKey),
        Buffer.from([0]),
      ]),
    )
    expect(findLeaks(dir, secretValues)).toEqual([
      expect.stringContaining(path.join('pages', 'deep', 'blob.bin')),
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

;(haveMiniprogram ? describe : describe.skip)('secrets never reach the mini-program', () => {
  it('no shipped source refers to secret-named configuration or signs sigs itself', () => {
    const forbidden =
      /TIM_SECRET_KEY|SECRET_?KEY|secretKey|SESSION_SECRET|ADMIN_TOKEN|WX_SECRET|app_?secret|jscode2session|tls-sig-api|genTestUserSig|session_key/i
    const offenders = shippedSources().flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => forbidden.test(line))
        .map(({ line, index }) => `${path.relative(repoRoot, file)}:${index + 1}: ${line.trim()}`)
    })
    expect(offenders).toEqual([])
  })

  if (existsSync(buildScript)) {
    it('a fresh build contains no secret value, even with secrets in the build environment', () => {
      const outDir = mkdtempSync(path.join(tmpdir(), 'secret-scan-build-'))
      try {
        const result = spawnSync(
          process.execPath,
          [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), buildScript, '--out', outDir],
          {
            cwd: repoRoot,
            env: { ...process.env, ...MARKERS, TIM_SDKAPPID: '1400000001' },
            encoding: 'utf8',
            timeout: TIMEOUTS.buildProcess,
          },
        )
        if (result.status !== 0) {
          const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-2000)
          throw new Error(`npm run build failed (exit ${result.status}):\n${output}`)
        }
        const files = filesUnder(outDir)
        expect(files.length).toBeGreaterThan(0)
        const leaks = findLeaks(outDir, secretValues)
        expect(leaks).toEqual([])
      } finally {
        rmSync(outDir, { recursive: true, force: true })
      }
    })
  } else {
    it('(no build script yet) no mini-program source file contains a secret value', () => {
      const leaks = findLeaks(miniprogramDir, secretValues)
      expect(leaks).toEqual([])
    })
  }
})
