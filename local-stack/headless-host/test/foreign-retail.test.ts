// A mini-program nobody here wrote: TDesign's retail starter (its own pages, a custom tab bar, mock services,
// the tdesign-miniprogram component library), run in the host through the unmodified automator client.
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { packRetailNpm } from './foreign/retail-npm'
import { connect, fixturesDir, startHostProcess, waitFor, type RunningHost } from './helpers'
import WebSocket from 'ws'

const projectDir = path.join(fixturesDir, 'retail')
let host: RunningHost
let miniProgram: MiniProgram
const exceptions: { message?: string }[] = []

beforeAll(async () => {
  packRetailNpm(projectDir)
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
  miniProgram.on('exception', (entry: { message?: string }) => exceptions.push(entry))
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
})

/** A host-only method (the live viewer's) on a connection of its own. */
async function rawCall(method: string): Promise<unknown> {
  const raw = new WebSocket(host.wsEndpoint)
  await new Promise((resolve, reject) => {
    raw.once('open', resolve)
    raw.once('error', reject)
  })
  const reply = new Promise<{ result?: unknown; error?: unknown }>((resolve) =>
    raw.once('message', (data) => resolve(JSON.parse(data.toString()) as { result?: unknown })),
  )
  raw.send(JSON.stringify({ id: 1, method, params: {} }))
  const { result, error } = await reply
  raw.close()
  if (error) throw new Error(JSON.stringify(error))
  return result
}

async function current(): Promise<Page> {
  const page = await miniProgram.currentPage()
  if (!page) throw new Error('no current page')
  return page
}

type Component = {
  data(path?: string): Promise<unknown>
  $(selector: string): Promise<{ text(): Promise<string>; tap(): Promise<void> } | null>
  $$(selector: string): Promise<{ text(): Promise<string>; tap(): Promise<void> }[]>
}

test('the home page loads its mock data and renders the search box, tabs and goods cards', async () => {
  const home = await current()
  expect(home.path).toBe('pages/home/home')
  const goods = (await waitFor(
    () => home.data('goodsList') as Promise<unknown[]>,
    (list) => list.length > 0,
    'the first page of goods',
  )) as { title: string }[]
  expect(goods).toHaveLength(20)
  const tabs = (await home.data('tabList')) as { text: string }[]
  expect(tabs.map((tab) => tab.text)).toEqual([
    '精选推荐',
    '夏日防晒',
    '二胎大作战',
    '人气榜',
    '好评榜',
    'RTX 30',
    '手机也疯狂',
  ])
  const list = (await home.$('goods-list')) as unknown as Component
  const cards = await list.$$('goods-card')
  expect(cards).toHaveLength(20)
  const firstCard = cards[0] as unknown as Component
  expect((await (await firstCard.$('.goods-card__title'))?.text())?.trim()).toBe(goods[0]?.title)
  // t-tabs is a virtual-host component: its own tree stands in the page, one item per tab
  const tabBox = await home.$('.home-page-tabs')
  const items = (await tabBox?.wxml())?.match(/class="t-tabs__item[ "]/g) ?? []
  expect(items).toHaveLength(7)
  expect(await tabBox?.text()).toContain('二胎大作战')
})

test('the custom tab bar is drawn on tab pages and getTabBar() reaches it (init marks the current tab)', async () => {
  await current()
  const tabBar = await miniProgram.evaluate(() => {
    const bar = getCurrentPages().pop().getTabBar()
    return {
      active: bar.data.active,
      tabs: bar.data.list.map((item: { text: string }) => item.text),
    }
  })
  expect(tabBar).toEqual({ active: 0, tabs: ['首页', '分类', '购物车', '个人中心'] })
  // the live viewer's picture of the page includes the app's own tab bar
  const { document } = (await rawCall('Host.renderPage')) as { document: string }
  expect(document).toContain('个人中心')
  expect(exceptions.map((entry) => entry.message).join('\n')).not.toContain('getTabBar')
})

test('tapping a goods card opens its details page with the product the card showed', async () => {
  const home = await current()
  const goods = (await home.data('goodsList')) as { spuId: string; title: string }[]
  const list = (await home.$('goods-list')) as unknown as Component
  const [card] = await list.$$('goods-card')
  await (card as unknown as Component & { $(s: string): Promise<{ tap(): Promise<void> } | null> })
    .$('.goods-card')
    .then((inner) => inner?.tap())
  const details = await waitFor(
    current,
    (page) => page.path === 'pages/goods/details/index',
    'the details page',
  )
  expect(details.query).toEqual({ spuId: goods[0]?.spuId })
  const title = await waitFor(
    () => details.data('details.title') as Promise<string | null>,
    (value) => typeof value === 'string' && value.length > 0,
    'the product details',
  )
  expect(title).toBe(goods[0]?.title)
  expect((await (await details.$('.goods-name'))?.text())?.trim()).toBe(title)
})

test('the custom tab bar switches tabs: the category page loads and marks its tab active', async () => {
  await miniProgram.callWxMethod('switchTab', { url: '/pages/category/index' })
  const category = await current()
  expect(category.path).toBe('pages/category/index')
  const list = await waitFor(
    () => category.data('list') as Promise<unknown[]>,
    (items) => items.length > 0,
    'the category list',
  )
  expect(list.length).toBeGreaterThan(0)
  const active = await miniProgram.evaluate(() => getCurrentPages().pop().getTabBar().data.active)
  expect(active).toBe(1)
})
