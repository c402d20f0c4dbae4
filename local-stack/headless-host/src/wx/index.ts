// The `wx` object: each API domain installs its own methods; names WeChat has and the host cannot run fail
// loudly when called, and every other name reads as undefined, so feature detection sees what is there.
import { installAudio } from './audio'
import { installAuthorize } from './authorize'
import { createDefiner } from './define'
import { installDocuments } from './documents'
import type { WxHost, WxObject } from './host'
import { installInteraction } from './interaction'
import { installMedia } from './media'
import { installNavigation } from './navigation'
import { installNetwork } from './network'
import { installPrivacy, type AskApp } from './privacy'
import { installRecorder } from './recorder'
import { installVideo } from './video'
import { installStorage } from './storage'
import { installSystem } from './system'
import { isKnownWxApi } from './catalogue'

export interface Wx {
  /** What the mini-program sees as `wx` (a test's mocks first, then the host's APIs). */
  proxy: WxObject
  /** The host's own APIs. */
  implemented: WxObject
  /** Test replacements (App.mockWxMethod). */
  mocks: Map<string, (...args: unknown[]) => unknown>
  /** Whether wx.<name> answers through callbacks / a Promise. */
  isAsync(name: string): boolean
  askPrivacy: AskApp
}

function unsupported(name: string): () => never {
  return () => {
    throw new Error(`not supported by the host: wx.${name}`)
  }
}

export function createWx(host: Omit<WxHost, 'mockedWxMethods'>): Wx {
  const implemented: WxObject = {}
  const asyncNames = new Set<string>()
  const mocks = new Map<string, (...args: unknown[]) => unknown>()
  const full: WxHost = { ...host, mockedWxMethods: () => mocks.keys() }
  const define = createDefiner(implemented, asyncNames, (fn, ...args) =>
    host.reporter.callSafely(fn, ...args),
  )
  installNetwork(implemented, define, full)
  installStorage(implemented, define, full)
  installSystem(implemented, define, full)
  installInteraction(define, full)
  installNavigation(implemented, define, full)
  installMedia(define, full)
  installAuthorize(define, full)
  installRecorder(implemented, full)
  installAudio(implemented, define, full)
  installDocuments(define, full)
  installVideo(implemented, full)
  const askPrivacy = installPrivacy(implemented, define, full)
  const proxy = new Proxy(implemented, {
    get(target, name) {
      if (typeof name !== 'string') return undefined
      const mock = mocks.get(name)
      if (mock) return mock
      if (name in target) return target[name]
      if (isKnownWxApi(name)) return unsupported(name)
      return undefined
    },
    has(target, name) {
      if (typeof name !== 'string') return false
      return name in target || mocks.has(name) || isKnownWxApi(name)
    },
  })
  const isAsync = (name: string): boolean => {
    if (name in implemented) return asyncNames.has(name)
    return !/Sync$/.test(name) && !/^(on|off|create)[A-Z]/.test(name) && !/Manager$/.test(name)
  }
  return { proxy, implemented, mocks, isAsync, askPrivacy }
}
