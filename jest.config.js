// One jest project per part of the product; each folder owns its own jest.config.js.
const fs = require('node:fs')
const path = require('node:path')

const projects = [
  'local-stack/local-im',
  'server',
  'local-stack/headless-host',
  'miniprogram',
  'scripts',
  'e2e',
  'local-stack/live-preview',
  'test-support',
].filter((dir) => fs.existsSync(path.join(__dirname, dir, 'jest.config.js')))

/** @type {import('jest').Config} */
module.exports = {
  projects: projects.map((dir) => `<rootDir>/${dir}`),
}
