// A mini-program nobody here wrote: Vant Weapp's example app (a component library's demo: a home list of
// components, one demo page each, built on Vant's VantComponent wrapper), through the unmodified automator client.
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { connect, fixturesDir, startHostProcess, waitFor, type RunningHost } from './helpers'

const projectDir = path.join(fixturesDir, 'vant')
let host: RunningHost
let miniProgram: MiniProgram
const logs: { type?: string; args?: unknown[] }[] = []

beforeAll(async () => {
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
  miniProgram.on('console', (entry: { type?: string; args?: unknown[] }) => logs.push(entry))
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
})

async function current(): Promise<Page> {
  const page = await miniProgram.currentPage()
  if (!page) throw new Error('no current page')
  return page
}

interface Node {
  tap(): Promise<void>
  text(): Promise<string>
  data(path?: string): Promise<unknown>
  $(selector: string): Promise<Node | null>
  $$(selector: string): Promise<Node[]>
}

async function demoOf(page: Page, name: string): Promise<Node> {
  const demo = (await page.$(`van-${name}-demo`)) as unknown as Node | null
  if (!demo) throw new Error(`the ${name} demo is not on the page`)
  return demo
}

test('the home page lists the components; the app finds no wx.cloud (the host has none) and takes its other branch', async () => {
  const home = await current()
  expect(home.path).toBe('pages/dashboard/index')
  const blocks = await home.$$('demo-home >>> .demo-home-nav__block')
  const titles = await Promise.all(
    blocks.map(async (block: { text(): Promise<string> }) => (await block.text()).trim()),
  )
  expect(titles).toContain('Button 按钮')
  expect(titles).toContain('Switch 开关')
  expect(await miniProgram.evaluate(() => typeof wx.cloud)).toBe('undefined')
})

test('tapping "Button 按钮" opens the button demo, which renders every button type', async () => {
  const home = await current()
  const blocks = await home.$$('demo-home >>> .demo-home-nav__block')
  const titles = await Promise.all(
    blocks.map(async (block: { text(): Promise<string> }) => (await block.text()).trim()),
  )
  await blocks[titles.indexOf('Button 按钮')]?.tap()
  const page = await waitFor(
    current,
    (found) => found.path === 'pages/button/index',
    'the button page',
  )
  const demo = await demoOf(page, 'button')
  const buttons = await demo.$$('van-button')
  expect(buttons.length).toBeGreaterThan(10)
  expect((await buttons[1]?.text())?.trim()).toBe('主要按钮')
})

test('switch: a tap toggles it and the demo hears the change', async () => {
  await miniProgram.callWxMethod('reLaunch', { url: '/pages/switch/index' })
  const demo = await demoOf(await current(), 'switch')
  expect(await demo.data('checked')).toBe(true)
  const [first] = await demo.$$('van-switch')
  await (await first?.$('.van-switch'))?.tap()
  expect(await demo.data('checked')).toBe(false)
})

test('stepper: the plus button adds one step, and the step setting is honoured', async () => {
  await miniProgram.callWxMethod('reLaunch', { url: '/pages/stepper/index' })
  const demo = await demoOf(await current(), 'stepper')
  const steppers = await demo.$$('van-stepper')
  await (await steppers[0]?.$('.plus-class'))?.tap()
  expect(Number(await steppers[0]?.data('currentValue'))).toBe(2)
  await (await steppers[1]?.$('.plus-class'))?.tap()
  expect(Number(await steppers[1]?.data('currentValue'))).toBe(3)
})

test('checkbox: a tap checks it through the demo (controlled value)', async () => {
  await miniProgram.callWxMethod('reLaunch', { url: '/pages/checkbox/index' })
  const demo = await demoOf(await current(), 'checkbox')
  const before = await demo.data('checkbox1')
  const [first] = await demo.$$('van-checkbox')
  await (await first?.$('.van-checkbox__icon-wrap'))?.tap()
  expect(await demo.data('checkbox1')).toBe(!before)
})
