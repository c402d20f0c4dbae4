import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { genUserSig } from '../src/usersig'

const CLI = join(__dirname, '..', 'src', 'cli.ts')
const children: ChildProcess[] = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

function startCli(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve({ child, line: out.split('\n')[0] ?? '' })
    })
    child.once('exit', (code) => reject(new Error(`cli exited early with ${code}: ${out}`)))
  })
}

async function rest(port: number, api: string, body: unknown) {
  const query = new URLSearchParams({
    sdkappid: '1400000009',
    identifier: 'ops',
    usersig: genUserSig(1400000009, 'cli-secret', 'ops', 600),
    random: '7',
    contenttype: 'json',
  })
  const response = await fetch(`http://127.0.0.1:${port}/v4/${api}?${query}`, {
    method: 'POST',
    body: JSON.stringify(body),
  })
  return (await response.json()) as Record<string, unknown>
}

test('the CLI prints the contract line, serves REST, and SIGTERM flushes --data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-cli-'))
  const args = [
    '--port',
    '0',
    '--sdkappid',
    '1400000009',
    '--secret-key',
    'cli-secret',
    '--admin',
    'ops',
  ]
  const first = await startCli([...args, '--data', dataDir, '--log-level', 'silent'])
  const match = /^local-im listening ws:\/\/127\.0\.0\.1:(\d+) http:\/\/127\.0\.0\.1:(\d+)$/.exec(
    first.line,
  )
  expect(match?.[1]).toBe(match?.[2])
  const port = Number(match?.[1])
  expect(await rest(port, 'im_open_login_svc/account_import', { UserID: 'kept' })).toMatchObject({
    ErrorCode: 0,
  })
  const exited = new Promise<number | null>((resolve) =>
    first.child.once('exit', (code) => resolve(code)),
  )
  first.child.kill('SIGTERM')
  expect(await exited).toBe(0)

  const second = await startCli([...args, '--data', dataDir, '--log-level', 'silent'])
  const port2 = Number(/:(\d+) /.exec(second.line)?.[1])
  const check = await rest(port2, 'im_open_login_svc/account_check', {
    CheckItem: [{ UserID: 'kept' }],
  })
  expect(check.ResultItem).toEqual([
    { UserID: 'kept', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
  ])
  second.child.kill('SIGTERM')
})

test('the CLI refuses to start without the required flags', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], { stdio: 'pipe' })
  children.push(child)
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  expect(code).toBe(2)
  expect(err).toMatch(/usage/)
})

test.each([
  [['--callback-url', 'ftp://127.0.0.1/cb'], /http:\/\/ or https:\/\//],
  [['--callback-url', 'not a url'], /not a URL/],
  [['--callback-token', 'lonely'], /needs a callback URL/],
])('the CLI refuses bad callback settings %j', async (extra, reason) => {
  const args = ['--port', '0', '--sdkappid', '1400000009', '--secret-key', 'k', ...extra]
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' })
  children.push(child)
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  expect(code).toBe(1)
  expect(err).toMatch(reason)
})
