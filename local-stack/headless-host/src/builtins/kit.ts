// What the built-in components share: the parts of the host they need (declared here), registration, and
// walking the composed tree to ancestors and descendants.
import {
  addListener,
  childrenOf,
  componentIdOf,
  composedParentOf,
  instanceOf,
  nodeOf,
  registerComponent,
  type Definition,
  type FrameworkNode,
  type Instance,
} from '../framework'
import type { Dialogs } from '../core/ui-state'
import type { Layout } from '../core/layout'
import type { PageStack } from '../core/page-stack'
import type { FileSpace } from '../core/files'

export interface BuiltinsHost {
  report(error: unknown, context: string): void
  files: Pick<FileSpace, 'read' | 'storeTemp'>
  resolveAsset(node: FrameworkNode, src: string): string
  pages: Pick<
    PageStack,
    'navigateTo' | 'redirectTo' | 'navigateBack' | 'reLaunch' | 'switchTab' | 'current'
  >
  dialogs: Pick<Dialogs, 'openPicker' | 'agreePrivacy' | 'ui'>
  callHook(target: unknown, name: string, ...args: unknown[]): unknown
  /** The app's settings page, opened by a button (open-type="openSetting"): the authSetting after it. */
  openSettings(): Record<string, boolean>
  /** What chooseAvatar answers (the files a test set). */
  mediaFiles(): string[]
  layout: Pick<Layout, 'scrollViewTo' | 'scrollViewIntoView'>
  /** Scroll-views showing their pull-down refresher. */
  refreshing: Set<Instance>
}

const builtinProperties = new Map<string, Set<string>>()

export type Register = (id: string, definition: Definition) => void

export const register: Register = (id, definition) => {
  builtinProperties.set(id, new Set(Object.keys(definition.properties ?? {})))
  registerComponent({ template: '<slot/>', ...definition, id, tagName: `wx-${id}` })
}

export function declaredProperties(id: string): Set<string> | undefined {
  return builtinProperties.get(id)
}

/** Listens for taps on a built-in; what the handler throws is reported. */
export function onTap(
  host: BuiltinsHost,
  caller: Instance,
  handler: (event: unknown) => void,
): void {
  addListener(nodeOf(caller), 'tap', (event) => {
    try {
      handler(event)
    } catch (error) {
      host.report(error, 'built-in component')
    }
  })
}

export function data(node: FrameworkNode | undefined): Instance {
  return instanceOf(node)?.data ?? {}
}

/** Walks up the composed tree (through virtual wx:if / wx:for nodes and slots) to a built-in ancestor. */
export function findAncestor(node: FrameworkNode, componentId: string): FrameworkNode | undefined {
  let current = composedParentOf(node)
  while (current) {
    if (componentIdOf(current) === componentId) return current
    current = composedParentOf(current)
  }
  return undefined
}

export function descendants(node: FrameworkNode, componentIds: string[]): FrameworkNode[] {
  const found: FrameworkNode[] = []
  const walk = (current: FrameworkNode): void => {
    for (const child of childrenOf(current)) {
      if (componentIds.includes(componentIdOf(child))) found.push(child)
      walk(child)
    }
  }
  walk(node)
  return found
}
