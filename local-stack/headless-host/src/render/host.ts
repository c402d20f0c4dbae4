// What drawing a page needs from the rest of the host, declared here.
import type { TabBarConfig } from '../core/app-config'
import type { DeviceProfile, TabBarState, Theme } from '../core/device'
import type { Elements } from '../core/elements'
import type { FileSpace } from '../core/files'
import type { PageEntry } from '../core/page-stack'
import type { UiState } from '../core/ui-state'
import type { FrameworkNode } from '../framework'

export interface RenderHost {
  currentPage(): PageEntry
  findPage(pageId: number): PageEntry
  /** How many pages are on the stack (a back arrow shows above the first). */
  pageCount(): number
  elements: Pick<Elements, 'idOf' | 'pruneDetached' | 'pageIdOf'>
  files: Pick<FileSpace, 'localPath'>
  resolveAsset(node: FrameworkNode, src: string): string
  ui: UiState
  tabBar: TabBarState
  /** The app's tabBar for the current theme. */
  tabBarConfig(): TabBarConfig | undefined
  device: { profile: DeviceProfile; fontSizeSetting: number }
  /** The theme the app is drawn in. */
  appTheme(): Theme
  /** Changes whenever a page or component with styles is loaded (the style sheet cache key). */
  styleKey(): string
  allCss(): string
}
