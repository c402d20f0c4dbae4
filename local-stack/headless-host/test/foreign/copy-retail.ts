// How test/fixtures/retail was made (run by hand, not by the tests): the pages of TDesign's retail starter the
// specs visit, with every module, component and style they reach, from a checkout of
// github.com/Tencent/tdesign-miniprogram-starter-retail. Its miniprogram_npm (tdesign-miniprogram's components) is
// not kept: the specs make it from the installed package (retail-npm.ts). The starter's
// ES modules go through TypeScript's transpiler to CommonJS (WeChat DevTools' "ES6 → ES5" step, which is not
// available here); nothing else is changed except config/index.js's area table (address pages only), emptied.
//   tsx test/foreign/copy-retail.ts <starter checkout> <unpacked tdesign-miniprogram package> <out dir>
import fs from 'node:fs'
import path from 'node:path'
import { tdesignCopier, toCommonJs, writeNpmExtras } from './retail-npm'

const [starter, tdesign, out] = process.argv.slice(2)
if (!starter || !tdesign || !out)
  throw new Error('usage: copy-retail <starter> <tdesign package> <out>')
const ENTRY_PAGES = ['pages/home/home', 'pages/category/index', 'pages/goods/details/index']
const copied = new Set<string>()

function write(relative: string, content: string | Buffer): void {
  const target = path.join(out!, relative)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, content)
}

function copyJs(relative: string): void {
  if (copied.has(relative)) return
  copied.add(relative)
  const source = fs.readFileSync(path.join(starter!, relative), 'utf8')
  const js = toCommonJs(source)
  write(
    relative,
    relative === 'config/index.js'
      ? js.replace(/exports\.areaData = \[[\s\S]*\];/, 'exports.areaData = [];')
      : js,
  )
  for (const match of source.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)) {
    const request = match[1]!
    if (request.startsWith('tdesign-miniprogram/'))
      copyTdesign(`${request.slice('tdesign-miniprogram/'.length)}`)
    else if (request.startsWith('.') || request.startsWith('/')) {
      const base = request.startsWith('/')
        ? request.slice(1)
        : path.posix.join(path.posix.dirname(relative), request)
      const file = [base, `${base}.js`, `${base}/index.js`].find(
        (candidate) =>
          fs.existsSync(path.join(starter!, candidate)) &&
          fs.statSync(path.join(starter!, candidate)).isFile(),
      )
      if (file) copyJs(file)
    }
  }
}

function copyPart(base: string): void {
  if (copied.has(base)) return
  copied.add(base)
  for (const extension of ['.json', '.wxml', '.wxss', '.wxs']) {
    const file = `${base}${extension}`
    if (fs.existsSync(path.join(starter!, file)))
      write(file, fs.readFileSync(path.join(starter!, file)))
  }
  for (const wxs of fs
    .readdirSync(path.join(starter!, path.dirname(base)))
    .filter((name) => name.endsWith('.wxs')))
    write(
      path.posix.join(path.dirname(base), wxs),
      fs.readFileSync(path.join(starter!, path.dirname(base), wxs)),
    )
  copyJs(`${base}.js`)
  const config = JSON.parse(fs.readFileSync(path.join(starter!, `${base}.json`), 'utf8')) as {
    usingComponents?: Record<string, string>
  }
  for (const request of Object.values(config.usingComponents ?? {})) {
    if (request.startsWith('tdesign-miniprogram/'))
      copyTdesign(request.slice('tdesign-miniprogram/'.length))
    else {
      const target = request.startsWith('/')
        ? request.slice(1)
        : path.posix.join(path.posix.dirname(base), request)
      copyPart(path.posix.normalize(target))
    }
  }
}

const copyTdesign = tdesignCopier(tdesign, out)

for (const file of ['app.json', 'app.wxss', 'sitemap.json', 'project.config.json', 'LICENSE'])
  if (fs.existsSync(path.join(starter, file)))
    write(file, fs.readFileSync(path.join(starter, file)))
copyJs('app.js')
copyPart('custom-tab-bar/index')
for (const page of ENTRY_PAGES) copyPart(page)
for (const style of fs.readdirSync(path.join(starter, 'style')))
  write(`style/${style}`, fs.readFileSync(path.join(starter, 'style', style)))
copyTdesign('common')
writeNpmExtras(tdesign, out)
console.log(`copied ${copied.size} parts into ${out}`)
