// Which `wx` names WeChat has: the members of the `Wx` interface in miniprogram-api-typings (WeChat's own
// typings of the mini-program API, so mini-game APIs such as createGamePortal are not among them). Read once,
// when a name the host does not implement is first looked up.
import fs from 'node:fs'

let known: Set<string> | undefined

function readCatalogue(): Set<string> {
  const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts')
  const source = fs.readFileSync(file, 'utf8')
  const start = source.indexOf('{', source.indexOf('interface Wx {'))
  // Keep the interface's own level (outside comments, nested braces and parameter lists).
  let members = ''
  let braces = 1
  let parens = 0
  for (let index = start + 1; index < source.length && braces > 0; index++) {
    if (source.startsWith('/*', index)) {
      index = source.indexOf('*/', index + 2) + 1
      continue
    }
    const char = source[index]
    const outside = braces === 1 && parens === 0
    if (char === '{') braces++
    else if (char === '}') braces--
    else if (char === '(') parens++
    else if (char === ')') parens--
    if (outside && char !== undefined) members += char
  }
  const names = new Set<string>()
  // Methods only (`name(` or `name<T>(`): members such as `cloud` are objects the host does not have.
  for (const match of members.matchAll(/(?:^|\n)\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\(/g))
    if (match[1]) names.add(match[1])
  return names
}

/** Whether WeChat's mini-program API has a method of this name. */
export function isKnownWxApi(name: string): boolean {
  known ??= readCatalogue()
  return known.has(name)
}
