// How test/fixtures/vant was made (run by hand, not by the tests): Vant Weapp's example app (a component
// library's demo), with the demos of the components the specs visit, from a checkout of
// github.com/youzan/vant-weapp. Vant builds its example with gulp (TypeScript and Less); that pipeline is not
// here, so this does its two steps with the tools that are: TypeScript's transpiler (→ CommonJS) and Less
// (→ WXSS, imports inlined). The app's page list and app-wide usingComponents keep only the demos copied; a
// demo's `demo-block` path is written from the app root.
//   tsx test/foreign/copy-vant.ts <vant-weapp checkout> <out dir> <node_modules with @vant/icons>
import fs from 'node:fs'
import path from 'node:path'
import less from 'less'
import ts from 'typescript'

const [repo, out, modules] = process.argv.slice(2)
if (!repo || !out || !modules)
  throw new Error('usage: copy-vant <vant-weapp checkout> <out> <node_modules with @vant/icons>')
const DEMOS = ['button', 'cell', 'switch', 'stepper', 'checkbox', 'tab', 'collapse']
const done = new Set<string>()

function write(relative: string, content: string | Buffer): void {
  const target = path.join(out!, relative)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, content)
}

function script(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017 },
  }).outputText
}

async function style(file: string): Promise<string> {
  const result = await less.render(fs.readFileSync(file, 'utf8'), {
    filename: file,
    paths: [modules!],
  })
  return result.css
}

/** One folder of `packages/` (a component, or a demo) into dist/, with what it uses. */
async function copyPackage(relative: string): Promise<void> {
  if (done.has(relative)) return
  done.add(relative)
  const from = path.join(repo!, 'packages', relative)
  for (const name of fs.readdirSync(from)) {
    const file = path.join(from, name)
    if (fs.statSync(file).isDirectory()) continue
    const target = `dist/${relative}/${name}`
    if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      const source = fs.readFileSync(file, 'utf8')
      write(target.replace(/\.ts$/, '.js'), script(source))
      for (const match of source.matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
        const dir = path.posix.normalize(path.posix.join(relative, path.posix.dirname(match[1]!)))
        if (!dir.startsWith('..')) await copyPackage(dir)
      }
    } else if (name.endsWith('.less')) write(target.replace(/\.less$/, '.wxss'), await style(file))
    else if (name.endsWith('.json')) {
      const config = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        usingComponents?: Record<string, string>
      }
      for (const [tag, request] of Object.entries(config.usingComponents ?? {})) {
        if (request.includes('example/components/')) {
          config.usingComponents![tag] = `/components/${request.split('example/components/')[1]}`
          continue
        }
        await copyPackage(
          path.posix.normalize(path.posix.join(relative, path.posix.dirname(request))),
        )
      }
      write(target, `${JSON.stringify(config, null, 2)}\n`)
    } else if (name.endsWith('.wxml') || name.endsWith('.wxs')) {
      const text = fs.readFileSync(file, 'utf8')
      write(target, text)
      for (const match of text.matchAll(/src=["'](\.[^"']+\.wxs)["']/g)) {
        const dir = path.posix.normalize(path.posix.join(relative, path.posix.dirname(match[1]!)))
        await copyPackage(dir)
      }
      for (const match of text.matchAll(/require\(['"](\.[^'"]+)['"]\)/g)) {
        const dir = path.posix.normalize(path.posix.join(relative, path.posix.dirname(match[1]!)))
        await copyPackage(dir)
      }
    }
  }
}

async function copyExample(relative: string): Promise<void> {
  const from = path.join(repo!, 'example', relative)
  if (fs.statSync(from).isDirectory()) {
    for (const name of fs.readdirSync(from)) await copyExample(path.posix.join(relative, name))
    return
  }
  if (relative.endsWith('.js')) write(relative, script(fs.readFileSync(from, 'utf8')))
  else write(relative, fs.readFileSync(from))
}

async function main(): Promise<void> {
  const app = JSON.parse(fs.readFileSync(path.join(repo!, 'example/app.json'), 'utf8')) as {
    pages: string[]
    usingComponents: Record<string, string>
  }
  app.pages = ['pages/dashboard/index', ...DEMOS.map((demo) => `pages/${demo}/index`)]
  app.usingComponents = Object.fromEntries(
    Object.entries(app.usingComponents).filter(
      ([tag]) => tag === 'demo-block' || DEMOS.some((demo) => tag === `van-${demo}-demo`),
    ),
  )
  write('app.json', `${JSON.stringify(app, null, 2)}\n`)
  for (const file of [
    'app.js',
    'app.wxss',
    'config.js',
    'common',
    'components',
    'project.config.json',
  ])
    await copyExample(file)
  for (const page of app.pages) await copyExample(path.posix.dirname(page))
  for (const demo of DEMOS) await copyPackage(`${demo}/demo`)
  write('LICENSE', fs.readFileSync(path.join(repo!, 'LICENSE')))
  console.log(`copied ${done.size} packages into ${out}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
