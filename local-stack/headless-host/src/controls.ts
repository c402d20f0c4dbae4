/* eslint-disable @typescript-eslint/no-explicit-any */
// Test-facing controls: what a person would do on the phone (answer a modal, pick from an action sheet, go
// offline, send the app to the background) and the UI state a test reads. Reachable from the unmodified client
// as `Tool.native {method, data}` and as `miniProgram.callWxMethod('host<Name>', data)`.
import fs from 'node:fs'
import path from 'node:path'
import type { Controls } from './protocol'
import type { Runtime } from './runtime'

export function createControls(runtime: Runtime): Controls {
  const navigation = (run: () => void): Promise<Record<string, unknown>> => {
    run()
    return runtime.settle().then(() => ({}))
  }
  return {
    confirmModal: (data) =>
      runtime.answerModal(true, typeof data?.content === 'string' ? data.content : undefined),
    cancelModal: () => runtime.answerModal(false),
    tapActionSheet: (data) => runtime.answerActionSheet(Number(data?.index)),
    cancelActionSheet: () => runtime.answerActionSheet(undefined),
    confirmPicker: (data) => runtime.answerPicker(data?.value, false),
    cancelPicker: () => runtime.answerPicker(undefined, true),
    authorizeAllow: () => runtime.agreePrivacy(),
    authorizeCancel: () => runtime.disagreePrivacy(),
    goHome: () => navigation(() => runtime.reLaunch(`/${runtime.entryRoute()}`)),
    navigateLeft: () => navigation(() => runtime.navigateBack(1)),
    switchTab: (data) => navigation(() => runtime.switchTab(data?.url, true)),
    tapTabBar: (data) => {
      const item = runtime.appConfig.tabBar?.list[Number(data?.index)]
      if (!item) throw new Error(`the tabBar has no item ${String(data?.index)}`)
      return navigation(() => runtime.switchTab(`/${item.pagePath}`, true))
    },
    setNetwork: (data) => {
      if (typeof data?.online !== 'boolean')
        throw new Error('setNetwork needs {online: boolean, type?: string}')
      runtime.setNetwork(data.online, typeof data.type === 'string' ? data.type : 'wifi')
    },
    enterBackground: () => runtime.enterBackground(),
    enterForeground: () => runtime.enterForeground(),
    setChooseMediaFiles: (data) => {
      const files: unknown = data?.files
      if (!Array.isArray(files))
        throw new Error('setChooseMediaFiles needs {files: string[]} (absolute paths)')
      for (const file of files) {
        if (typeof file !== 'string' || !path.isAbsolute(file) || !fs.existsSync(file)) {
          throw new Error(`setChooseMediaFiles: ${String(file)} is not an existing absolute path`)
        }
      }
      runtime.mediaFiles = files as string[]
    },
    setLoginCode: (data) => {
      if (typeof data?.code !== 'string' || data.code === '')
        throw new Error('setLoginCode needs {code: string}')
      runtime.loginCode = data.code
    },
    getUIState: () => {
      const page = runtime.pageStack[runtime.pageStack.length - 1]
      return {
        ...runtime.ui,
        navigationBarTitle: page?.title ?? '',
        currentRoute: page?.route ?? '',
        tabBar: runtime.tabBarState,
        network: { ...runtime.network },
        inBackground: runtime.inBackground,
        privacyAgreed: runtime.privacyAgreed,
        openSockets: runtime.sockets.size,
      }
    },
    getSetDataStats: () => runtime.setDataLedger.report(),
    resetSetDataStats: () => runtime.setDataLedger.reset(),
    clearUIHistory: () => {
      runtime.ui.toasts.length = 0
      runtime.ui.modals.length = 0
      runtime.ui.shares.length = 0
    },
  } satisfies Record<string, (data: any) => unknown>
}
