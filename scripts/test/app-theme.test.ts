// app.json's look: tab bar icons WeChat accepts (PNG, ≤ 40 KB, 81×81, rendered from their committed SVGs) and
// dark mode (every @variable of window and tabBar defined in theme.json for both themes).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { TAB_ICON_EDGE, TAB_ICON_MAX_BYTES, renderTabIcon, tabIcons } from '../lib/tab-icons'

const miniprogramDir = path.resolve(__dirname, '..', '..', 'miniprogram')
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(miniprogramDir, file), 'utf8')) as Record<string, unknown>

interface TabItem {
  pagePath: string
  iconPath?: string
  selectedIconPath?: string
}
const appJson = readJson('app.json') as {
  darkmode?: boolean
  themeLocation?: string
  window: Record<string, unknown>
  tabBar: Record<string, unknown> & { list: TabItem[] }
}

describe('tab bar icons', () => {
  const icons = appJson.tabBar.list.flatMap((item) => [
    [`${item.pagePath} iconPath`, item.iconPath],
    [`${item.pagePath} selectedIconPath`, item.selectedIconPath],
  ])

  test.each(icons)('%s is an 81×81 PNG within 40 KB', async (_label, icon) => {
    expect(icon).toMatch(/^assets\/tab-bar\/[a-z-]+\.png$/)
    const bytes = readFileSync(path.join(miniprogramDir, icon!))
    expect(bytes.length).toBeLessThanOrEqual(TAB_ICON_MAX_BYTES)
    const meta = await sharp(bytes).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', TAB_ICON_EDGE, TAB_ICON_EDGE])
  })

  test('each committed PNG is what its SVG renders to (npm run tab-icons)', async () => {
    const all = tabIcons()
    expect(all.map((icon) => icon.name)).toEqual(
      expect.arrayContaining([
        'chats',
        'chats-selected',
        'contacts',
        'contacts-selected',
        'me',
        'me-selected',
      ]),
    )
    for (const icon of all) {
      expect({
        icon: icon.name,
        same: readFileSync(icon.target).equals(await renderTabIcon(icon.source)),
      }).toEqual({
        icon: icon.name,
        same: true,
      })
    }
  })
})

describe('dark mode', () => {
  test('app.json follows the system theme with theme.json', () => {
    expect(appJson.darkmode).toBe(true)
    expect(appJson.themeLocation).toBe('theme.json')
  })

  test('every @variable of window and tabBar has a light and a dark value', () => {
    const theme = readJson('theme.json') as Record<'light' | 'dark', Record<string, string>>
    const { list: _items, ...tabBarColours } = appJson.tabBar
    const variables = [...Object.values(appJson.window), ...Object.values(tabBarColours)]
      .filter((value): value is string => typeof value === 'string' && value.startsWith('@'))
      .map((value) => value.slice(1))
    expect(variables).toEqual(
      expect.arrayContaining([
        'navigationBarBackgroundColor',
        'tabBarBackgroundColor',
        'tabBarColor',
      ]),
    )
    for (const name of variables) {
      expect({ name, light: typeof theme.light[name], dark: typeof theme.dark[name] }).toEqual({
        name,
        light: 'string',
        dark: 'string',
      })
    }
    expect(theme.light.navigationBarBackgroundColor).not.toBe(
      theme.dark.navigationBarBackgroundColor,
    )
  })
})
