// Test-facing controls: what a person would do on the phone (answer a modal, pick from an action sheet, go
// offline, send the app to the background) and the state a test reads (UI, setData accounting). Reachable from
// the unmodified client as `Tool.native {method, data}` and as `miniProgram.callWxMethod('host<Name>', data)`.
import fs from 'node:fs'
import path from 'node:path'
import { countElements } from '../core/tree'
import { shadowRootOf } from '../framework'
import type { AutomatorHost, Controls } from './host'
import { createDeviceControls } from './device-controls'
import { createMediaControls } from './media-controls'

export function createControls(host: AutomatorHost): Controls {
  const { dialogs, device, pages } = host
  const navigation = (run: () => void): Promise<Record<string, unknown>> => {
    run()
    return host.settle().then(() => ({}))
  }
  return {
    confirmModal: (data) =>
      dialogs.answerModal(true, typeof data.content === 'string' ? data.content : undefined),
    cancelModal: () => dialogs.answerModal(false),
    tapActionSheet: (data) => dialogs.answerActionSheet(Number(data.index)),
    cancelActionSheet: () => dialogs.answerActionSheet(undefined),
    confirmPicker: (data) => dialogs.answerPicker(data.value, false),
    cancelPicker: () => dialogs.answerPicker(undefined, true),
    authorizeAllow: () => dialogs.agreePrivacy(),
    authorizeCancel: () => dialogs.disagreePrivacy(),
    goHome: () => navigation(() => pages.reLaunch(`/${host.project.entryRoute()}`)),
    navigateLeft: () => navigation(() => pages.navigateBack(1)),
    switchTab: (data) => navigation(() => pages.switchTab(data.url, true)),
    tapTabBar: (data) => {
      const item = host.project.config.tabBar?.list[Number(data.index)]
      if (!item) throw new Error(`the tabBar has no item ${String(data.index)}`)
      return navigation(() => pages.switchTab(`/${item.pagePath}`, true))
    },
    setNetwork: (data) => {
      if (typeof data.online !== 'boolean')
        throw new Error('setNetwork needs {online: boolean, type?: string}')
      host.setNetwork(data.online, typeof data.type === 'string' ? data.type : 'wifi')
    },
    enterBackground: () => host.enterBackground(),
    enterForeground: () => host.enterForeground(),
    setChooseMediaFiles: (data) => {
      const files: unknown = data.files
      if (!Array.isArray(files))
        throw new Error('setChooseMediaFiles needs {files: string[]} (absolute paths)')
      for (const file of files) {
        if (typeof file !== 'string' || !path.isAbsolute(file) || !fs.existsSync(file)) {
          throw new Error(`setChooseMediaFiles: ${String(file)} is not an existing absolute path`)
        }
      }
      device.mediaFiles = files as string[]
    },
    setLoginCode: (data) => {
      if (typeof data.code !== 'string' || data.code === '')
        throw new Error('setLoginCode needs {code: string}')
      device.loginCode = data.code
    },
    getUIState: () => {
      const page = pages.top()
      return {
        ...dialogs.ui,
        navigationBarTitle: page?.title ?? '',
        currentRoute: page?.route ?? '',
        tabBar: device.tabBar,
        network: { ...device.network },
        inBackground: device.inBackground,
        privacyAgreed: dialogs.privacyAgreed,
        openSockets: host.sockets.size,
        theme: device.theme,
        appTheme: host.appTheme(),
        device: device.profile.name,
        fontSizeSetting: device.fontSizeSetting,
      }
    },
    clearUIHistory: () => dialogs.clearHistory(),
    /** setData calls and JSON bytes per page and component since the last reset, and the page's WXML nodes. */
    getSetDataStats: () => {
      const page = pages.top()
      const root = page ? (shadowRootOf(page.node) ?? page.node) : undefined
      const wxmlNodes = root ? countElements(root, (node) => host.isCustomComponent(node)) : 0
      return { ...host.setDataLedger.report(), wxmlNodes }
    },
    resetSetDataStats: () => host.setDataLedger.reset(),
    ...createMediaControls(host),
    ...createDeviceControls(host),
  }
}
