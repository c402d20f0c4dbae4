// Dark mode as app.json declares it: `darkmode: true` and `themeLocation` (theme.json, with `light` and `dark`
// variable sets); window, page and tabBar settings written as `@name` take the current theme's value.
import type { AppConfig, Project, TabBarConfig } from './app-config'
import type { Theme } from './device'

type Variables = Record<string, string>

export class ThemeSettings {
  /** Whether the app follows the system theme (app.json `darkmode: true`). */
  readonly enabled: boolean
  private readonly variables: Record<Theme, Variables>

  constructor(project: Pick<Project, 'config' | 'readJson'>) {
    const config = project.config as AppConfig & { darkmode?: unknown; themeLocation?: unknown }
    this.enabled = config.darkmode === true
    const location = typeof config.themeLocation === 'string' ? config.themeLocation : ''
    const file = location ? project.readJson(location.replace(/^\//, '')) : {}
    const set = (value: unknown): Variables =>
      value && typeof value === 'object' ? (value as Variables) : {}
    this.variables = { light: set(file.light), dark: set(file.dark) }
  }

  /** The theme the app is drawn in: the system's when it follows it, light otherwise. */
  effective(system: Theme): Theme {
    return this.enabled ? system : 'light'
  }

  /** A settings value with every `@name` string replaced by the theme's value (objects and lists walked). */
  resolve<T>(value: T, theme: Theme): T {
    const vars = this.variables[this.effective(theme)]
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string' && item.startsWith('@')) return vars[item.slice(1)] ?? item
      if (Array.isArray(item)) return item.map(walk)
      if (item && typeof item === 'object')
        return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]))
      return item
    }
    return walk(value) as T
  }

  tabBar(tabBar: TabBarConfig | undefined, theme: Theme): TabBarConfig | undefined {
    return tabBar ? this.resolve(tabBar, theme) : undefined
  }
}
