// Node's test environment plus a jsdom document, for specs that render a real page with miniprogram-simulate
// and run it against the real SDK: the page needs a DOM, the SDK needs Node's sockets, fetch and timers. jsdom is
// loaded here, outside the sandbox (as jest-environment-jsdom does), because jest's module loader cannot
// require its ES-module dependencies.
/* global require, module */
const { TestEnvironment: NodeEnvironment } = require('jest-environment-node')
const { JSDOM } = require('jsdom')

class NodeWithDomEnvironment extends NodeEnvironment {
  constructor(config, context) {
    // Jest's soft clean-up of globals wraps data properties in a setter that calls itself: the SDK timers and
    // MobX state that outlive a spec file would loop in it. Globals are left as they are.
    const testEnvironmentOptions = {
      ...config.projectConfig.testEnvironmentOptions,
      globalsCleanup: 'off',
    }
    super(
      { ...config, projectConfig: { ...config.projectConfig, testEnvironmentOptions } },
      context,
    )
  }

  async setup() {
    await super.setup()
    this.dom = new JSDOM('<!doctype html><html><body></body></html>', {
      url: 'https://servicewechat.com/simulate/page-frame.html',
      pretendToBeVisual: true,
    })
    const { window } = this.dom
    this.global.window = window
    this.global.document = window.document
    for (const name of ['Event', 'CustomEvent', 'Element', 'HTMLElement', 'Node']) {
      this.global[name] = window[name]
    }
    // jest-setup installs the harness's Node wx here even though a window exists.
    this.global.__nodeWithDom = true
  }

  async teardown() {
    this.dom?.window.close()
    await super.teardown()
  }
}

module.exports = NodeWithDomEnvironment
