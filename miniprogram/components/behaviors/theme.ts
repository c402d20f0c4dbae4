/**
 * Gives a page (or component) `theme`, the system theme kept current, for its root view's
 * `data-weui-theme="{{theme}}"`: WeUI's colour variables and the app's own (app.wxss) turn dark under it.
 * WeUI switches only on that attribute, not on the prefers-color-scheme media query, so a page needs both the
 * behavior and the attribute. Nothing is set while the theme stays what the data already says.
 */
import { currentTheme, watchTheme, type Theme } from '../../services/theme'

const unwatchers = new WeakMap<object, () => void>()

export const themeBehavior = Behavior({
  data: { theme: 'light' as Theme },
  lifetimes: {
    attached() {
      const follow = (theme: Theme) => {
        if (this.data.theme !== theme) this.setData({ theme })
      }
      follow(currentTheme())
      unwatchers.get(this)?.()
      unwatchers.set(this, watchTheme(follow))
    },
    detached() {
      unwatchers.get(this)?.()
      unwatchers.delete(this)
    },
  },
})
