// wx APIs on real resources (HTTP and WebSocket servers on 127.0.0.1), and the test-facing controls.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  connect,
  fixturesDir,
  packFixtureNpm,
  startHostProcess,
  waitFor,
  type RunningHost,
} from './helpers'

const projectDir = path.join(fixturesDir, 'basic')
const picture = path.join(projectDir, 'images/dot.png')
const storageFile = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'host-storage-')),
  'storage.json',
)
let host: RunningHost
let miniProgram: MiniProgram
let server: http.Server
let sockets: WebSocketServer
let origin: string
const uploads: string[] = []
const serverSockets = new Set<WebSocket>()

type UiState = Record<string, unknown> & {
  toasts: { title: string }[]
  modal: unknown
  actionSheet: { itemList: string[] } | null
  tabBar: { badges: Record<string, string>; redDots: Record<string, boolean> }
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks)
      if (request.url?.startsWith('/echo')) {
        response.writeHead(201, { 'content-type': 'application/json', 'x-test': 'yes' })
        response.end(
          JSON.stringify({
            method: request.method,
            url: request.url,
            header: request.headers['x-client'] ?? null,
            body: body.toString(),
          }),
        )
      } else if (request.url === '/upload') {
        uploads.push(body.toString('latin1'))
        response.end('stored')
      } else if (request.url === '/picture.png') {
        response.writeHead(200, { 'content-type': 'image/png' })
        response.end(fs.readFileSync(picture))
      } else {
        response.writeHead(404)
        response.end('missing')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  sockets = new WebSocketServer({ server, path: '/ws' })
  sockets.on('connection', (socket) => {
    serverSockets.add(socket)
    socket.on('close', () => serverSockets.delete(socket))
    socket.on('message', (data) => {
      const text = data.toString()
      if (text !== 'burst') {
        socket.send(`echo:${text}`)
        return
      }
      // Three messages and the close in one TCP write, so the phone reads them in one chunk.
      const tcp = (socket as unknown as { _socket: Socket })._socket
      tcp.cork()
      for (const n of [1, 2, 3]) socket.send(`burst:${n}`)
      socket.close(4000, 'burst done')
      process.nextTick(() => tcp.uncork())
    })
  })
  packFixtureNpm(projectDir)
  host = await startHostProcess(projectDir, [
    '--login-code',
    'code-from-cli',
    '--storage',
    storageFile,
  ])
  miniProgram = await connect(host)
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
  for (const socket of serverSockets) socket.terminate()
  sockets?.close()
  await new Promise((resolve) => server?.close(resolve))
})

const ui = async (): Promise<UiState> =>
  (await miniProgram.callWxMethod('hostGetUIState')) as UiState

describe('network', () => {
  test('wx.request: GET with data as query, POST JSON, headers, status; promise-less task form with callbacks', async () => {
    const get = (await miniProgram.evaluate(
      (url: string) =>
        new Promise((resolve, reject) =>
          wx.request({
            url,
            data: { a: 1, b: 'x' },
            header: { 'X-Client': 'host' },
            success: resolve,
            fail: reject,
          }),
        ),
      `${origin}/echo`,
    )) as { statusCode: number; data: Record<string, unknown>; header: Record<string, string> }
    expect(get.statusCode).toBe(201)
    expect(get.data).toMatchObject({ method: 'GET', url: '/echo?a=1&b=x', header: 'host' })
    expect(get.header['x-test']).toBe('yes')
    const post = (await miniProgram.callWxMethod('request', {
      url: `${origin}/echo`,
      method: 'POST',
      data: { hello: 'world' },
    })) as { data: { body: string } }
    expect(JSON.parse(post.data.body)).toEqual({ hello: 'world' })
    const text = (await miniProgram.callWxMethod('request', {
      url: `${origin}/nothing`,
      dataType: 'text',
    })) as {
      statusCode: number
      data: string
    }
    expect(text).toMatchObject({ statusCode: 404, data: 'missing' })
    await expect(
      miniProgram.callWxMethod('request', { url: 'http://127.0.0.1:1/refused' }),
    ).rejects.toThrow('request:fail')
  })

  test('a RequestTask can be aborted', async () => {
    const result = await miniProgram.evaluate(
      (url: string) =>
        new Promise((resolve) => {
          const task = wx.request({
            url,
            fail: (error: { errMsg: string }) => resolve(error.errMsg),
          })
          task.abort()
        }),
      `${origin}/echo`,
    )
    expect(result).toBe('request:fail abort')
  })

  test('uploadFile sends multipart form data; downloadFile stores a temp file getImageInfo can read', async () => {
    await miniProgram.callWxMethod('hostSetChooseMediaFiles', { files: [picture] })
    const chosen = (await miniProgram.callWxMethod('chooseImage', { count: 1 })) as {
      tempFilePaths: string[]
    }
    const upload = (await miniProgram.callWxMethod('uploadFile', {
      url: `${origin}/upload`,
      filePath: chosen.tempFilePaths[0],
      name: 'avatar',
      formData: { user: 'alice' },
    })) as { statusCode: number; data: string }
    expect(upload).toMatchObject({ statusCode: 200, data: 'stored' })
    expect(uploads[0]).toContain('name="avatar"')
    expect(uploads[0]).toContain('name="user"')
    expect(uploads[0]).toContain('alice')
    expect(uploads[0]).toContain('PNG')
    const download = (await miniProgram.callWxMethod('downloadFile', {
      url: `${origin}/picture.png`,
    })) as {
      tempFilePath: string
      statusCode: number
    }
    expect(download.statusCode).toBe(200)
    expect(download.tempFilePath).toMatch(/^http:\/\/tmp\/.+\.png$/)
    expect(
      await miniProgram.callWxMethod('getImageInfo', { src: download.tempFilePath }),
    ).toMatchObject({
      width: 40,
      height: 30,
      type: 'png',
    })
    expect(
      await miniProgram.callWxMethod('getImageInfo', { src: '/images/dot.png' }),
    ).toMatchObject({ width: 40 })
  })

  test('connectSocket is a real WebSocket; switching the network off drops it and notifies the app', async () => {
    await miniProgram.evaluate(
      (url: string) => {
        const app = getApp()
        app.globalData.socketEvents = []
        app.globalData.networkEvents = []
        wx.onNetworkStatusChange((state: unknown) => app.globalData.networkEvents.push(state))
        const task = wx.connectSocket({ url })
        task.onOpen(() => {
          app.globalData.socketEvents.push('open')
          task.send({ data: 'ping' })
        })
        task.onMessage((message: { data: string }) =>
          app.globalData.socketEvents.push(message.data),
        )
        task.onClose((event: { code: number }) =>
          app.globalData.socketEvents.push(`close:${event.code}`),
        )
      },
      `${origin.replace('http', 'ws')}/ws`,
    )
    const events = () => miniProgram.evaluate(() => getApp().globalData.socketEvents as string[])
    await waitFor(events, (list) => list.includes('echo:ping'), 'the echo')
    expect(serverSockets.size).toBe(1)
    await miniProgram.callWxMethod('hostSetNetwork', { online: false })
    await waitFor(events, (list) => list.includes('close:1006'), 'the dropped socket')
    await waitFor(
      async () => serverSockets.size,
      (size) => size === 0,
      'the server to see the close',
    )
    expect(await miniProgram.callWxMethod('getNetworkType')).toMatchObject({ networkType: 'none' })
    await expect(miniProgram.callWxMethod('request', { url: `${origin}/echo` })).rejects.toThrow(
      'request:fail network is offline',
    )
    await expect(
      miniProgram.callWxMethod('connectSocket', { url: `${origin.replace('http', 'ws')}/ws` }),
    ).rejects.toThrow('connectSocket:fail network is offline')
    await miniProgram.callWxMethod('hostSetNetwork', { online: true, type: '4g' })
    expect(await miniProgram.callWxMethod('getNetworkType')).toMatchObject({ networkType: '4g' })
    expect(await miniProgram.evaluate(() => getApp().globalData.networkEvents)).toEqual([
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: '4g' },
    ])
  })

  test('messages read in one chunk reach the app one event each, in order, and the close after them', async () => {
    await miniProgram.evaluate(
      (url: string) => {
        const app = getApp()
        const seen: string[] = []
        app.globalData.burstEvents = seen
        const task = wx.connectSocket({ url })
        task.onOpen(() => task.send({ data: 'burst' }))
        task.onMessage((message: { data: string }) => {
          seen.push(message.data)
          // What a handler starts (an SDK resolving its request) runs before the next message.
          void Promise.resolve().then(() => seen.push(`after ${message.data}`))
        })
        task.onClose((event: { code: number }) => seen.push(`close:${event.code}`))
      },
      `${origin.replace('http', 'ws')}/ws`,
    )
    const events = () => miniProgram.evaluate(() => getApp().globalData.burstEvents as string[])
    const seen = await waitFor(events, (list) => list.includes('close:4000'), 'the close')
    expect(seen).toEqual([
      'burst:1',
      'after burst:1',
      'burst:2',
      'after burst:2',
      'burst:3',
      'after burst:3',
      'close:4000',
    ])
  })

  test('--offline starts the phone without a network (App.onLaunch sees it); hostSetNetwork turns it on', async () => {
    const offlineHost = await startHostProcess(projectDir, ['--offline'])
    const phone = await connect(offlineHost)
    try {
      expect(await phone.evaluate(() => getApp().globalData.launchNetwork)).toBe('none')
      expect(await phone.callWxMethod('getNetworkType')).toMatchObject({ networkType: 'none' })
      expect(((await phone.callWxMethod('hostGetUIState')) as UiState).network).toMatchObject({
        online: false,
      })
      await expect(phone.callWxMethod('request', { url: `${origin}/echo` })).rejects.toThrow(
        'request:fail network is offline',
      )
      await phone.callWxMethod('hostSetNetwork', { online: true })
      expect(await phone.callWxMethod('getNetworkType')).toMatchObject({ networkType: 'wifi' })
      expect(await phone.callWxMethod('request', { url: `${origin}/echo` })).toMatchObject({
        statusCode: 201,
      })
    } finally {
      phone.disconnect()
      expect(await offlineHost.stop()).toBe(0)
    }
  })
})

test('every wx API the issue lists exists (52 / 52), 97 wx members in all (README table)', async () => {
  const listed = [
    'request',
    'uploadFile',
    'downloadFile',
    'connectSocket',
    'setStorageSync',
    'getStorageSync',
    'removeStorageSync',
    'clearStorageSync',
    'getStorageInfoSync',
    'setStorage',
    'getStorage',
    'removeStorage',
    'clearStorage',
    'getStorageInfo',
    'login',
    'getSystemInfoSync',
    'getSystemInfo',
    'getWindowInfo',
    'getDeviceInfo',
    'getAppBaseInfo',
    'getAccountInfoSync',
    'nextTick',
    'showToast',
    'hideToast',
    'showModal',
    'showLoading',
    'hideLoading',
    'showActionSheet',
    'setNavigationBarTitle',
    'setTabBarBadge',
    'removeTabBarBadge',
    'pageScrollTo',
    'createSelectorQuery',
    'chooseMedia',
    'chooseImage',
    'getImageInfo',
    'getPrivacySetting',
    'requirePrivacyAuthorize',
    'onNeedPrivacyAuthorization',
    'openPrivacyContract',
    'onNetworkStatusChange',
    'offNetworkStatusChange',
    'getNetworkType',
    'onAppShow',
    'onAppHide',
    'offAppShow',
    'offAppHide',
    'navigateTo',
    'redirectTo',
    'navigateBack',
    'reLaunch',
    'switchTab',
  ]
  expect(listed.length).toBe(52)
  const missing = await miniProgram.evaluate(
    (names: string[]) =>
      names.filter((name) => typeof wx[name] !== 'function' || !wx.canIUse(name)),
    listed,
  )
  expect(missing).toEqual([])
  expect(await miniProgram.evaluate(() => Object.keys(wx).length)).toBe(97)
})

describe('storage, account and system', () => {
  test('storage in memory and in the --storage file; async forms; info', async () => {
    await miniProgram.callWxMethod('clearStorageSync')
    await miniProgram.callWxMethod('setStorageSync', 'user', { name: 'alice', tags: ['a'] })
    await miniProgram.callWxMethod('setStorage', { key: 'n', data: 3 })
    expect(await miniProgram.callWxMethod('getStorageSync', 'user')).toEqual({
      name: 'alice',
      tags: ['a'],
    })
    expect(await miniProgram.callWxMethod('getStorage', { key: 'n' })).toMatchObject({ data: 3 })
    await expect(miniProgram.callWxMethod('getStorage', { key: 'none' })).rejects.toThrow(
      'getStorage:fail data not found',
    )
    expect(await miniProgram.callWxMethod('getStorageSync', 'none')).toBe('')
    expect(await miniProgram.callWxMethod('getStorageInfoSync')).toMatchObject({
      keys: ['user', 'n'],
    })
    expect(JSON.parse(fs.readFileSync(storageFile, 'utf8'))).toEqual({
      user: { name: 'alice', tags: ['a'] },
      n: 3,
    })
    await miniProgram.callWxMethod('removeStorageSync', 'n')
    expect(JSON.parse(fs.readFileSync(storageFile, 'utf8'))).toEqual({
      user: { name: 'alice', tags: ['a'] },
    })
    await expect(miniProgram.callWxMethod('setStorageSync', '', 1)).rejects.toThrow(
      'non-empty string',
    )
  })

  test('login returns the configured code; system, window, device, app and account info', async () => {
    expect(await miniProgram.callWxMethod('login')).toEqual({
      errMsg: 'login:ok',
      code: 'code-from-cli',
    })
    await miniProgram.callWxMethod('hostSetLoginCode', { code: 'second-code' })
    expect(await miniProgram.callWxMethod('login')).toMatchObject({ code: 'second-code' })
    expect(await miniProgram.callWxMethod('getWindowInfo')).toMatchObject({
      windowWidth: 375,
      screenHeight: 667,
    })
    expect(await miniProgram.callWxMethod('getDeviceInfo')).toMatchObject({ platform: 'devtools' })
    expect(await miniProgram.callWxMethod('getAppBaseInfo')).toMatchObject({
      SDKVersion: '3.0.0',
      language: 'zh_CN',
    })
    // Without app.json darkmode the app does not see the system theme, and hears of no change.
    await miniProgram.callWxMethod('hostSetTheme', 'dark')
    expect(await miniProgram.callWxMethod('getSystemInfoSync')).not.toHaveProperty('theme')
    expect(await miniProgram.callWxMethod('hostGetUIState')).toMatchObject({
      theme: 'dark',
      appTheme: 'light',
    })
    await miniProgram.callWxMethod('hostSetTheme', 'light')
    expect(await miniProgram.callWxMethod('getAccountInfoSync')).toMatchObject({
      miniProgram: { envVersion: 'develop' },
    })
    expect(
      await miniProgram.evaluate(
        () => wx.canIUse('request') && !wx.canIUse('openBluetoothAdapter'),
      ),
    ).toBe(true)
  })

  test('nextTick runs after the current task; unsupported APIs throw a clear error inside the app', async () => {
    expect(
      await miniProgram.evaluate(
        () =>
          new Promise((resolve) => {
            const order: string[] = []
            wx.nextTick(() => {
              order.push('tick')
              resolve(order)
            })
            order.push('sync')
          }),
      ),
    ).toEqual(['sync', 'tick'])
    expect(
      await miniProgram.evaluate(() => {
        try {
          wx.startBluetoothDevicesDiscovery({})
          return 'no error'
        } catch (error) {
          return (error as Error).message
        }
      }),
    ).toBe('not supported by the host: wx.startBluetoothDevicesDiscovery')
  })
})

describe('interaction APIs as recorded UI state', () => {
  test('showToast, hideToast, showLoading and hideLoading', async () => {
    await miniProgram.callWxMethod('hostClearUIHistory')
    await miniProgram.callWxMethod('showLoading', { title: 'Sending' })
    expect((await ui()).loading).toEqual({ title: 'Sending', mask: false })
    await miniProgram.callWxMethod('hideLoading')
    await miniProgram.callWxMethod('showToast', { title: 'Saved', icon: 'none' })
    const state = await ui()
    expect(state.loading).toBeNull()
    expect(state.toast).toMatchObject({ title: 'Saved', icon: 'none' })
    expect(state.toasts.map((toast) => toast.title)).toEqual(['Saved'])
    await miniProgram.callWxMethod('hideToast')
    expect((await ui()).toast).toBeNull()
  })

  test('showModal waits for the test: confirm with text for editable modals, or cancel', async () => {
    const answer = (confirm: boolean) =>
      miniProgram.evaluate((yes: boolean) => {
        wx.showModal({ title: 'Name?', editable: true }).then((result: unknown) => {
          getApp().globalData.modalResult = result
        })
        return yes
      }, confirm)
    await answer(true)
    expect((await ui()).modal).toMatchObject({ title: 'Name?', editable: true })
    await miniProgram.callWxMethod('hostConfirmModal', { content: 'Bob' })
    expect(await miniProgram.evaluate(() => getApp().globalData.modalResult)).toEqual({
      errMsg: 'showModal:ok',
      confirm: true,
      cancel: false,
      content: 'Bob',
    })
    await answer(false)
    await miniProgram.native().cancelModal()
    expect(await miniProgram.evaluate(() => getApp().globalData.modalResult)).toMatchObject({
      confirm: false,
      cancel: true,
    })
    expect((await ui()).modal).toBeNull()
  })

  test('showActionSheet: a test taps an item or cancels', async () => {
    const open = () =>
      miniProgram.evaluate(() => {
        wx.showActionSheet({
          itemList: ['Camera', 'Album'],
          success: (result: { tapIndex: number }) => (getApp().globalData.sheet = result.tapIndex),
          fail: (error: { errMsg: string }) => (getApp().globalData.sheet = error.errMsg),
        })
      })
    await open()
    expect((await ui()).actionSheet).toEqual({ itemList: ['Camera', 'Album'], alertText: '' })
    await expect(miniProgram.callWxMethod('hostTapActionSheet', { index: 5 })).rejects.toThrow(
      'no item 5',
    )
    await miniProgram.callWxMethod('hostTapActionSheet', { index: 1 })
    expect(await miniProgram.evaluate(() => getApp().globalData.sheet)).toBe(1)
    await open()
    await miniProgram.callWxMethod('hostCancelActionSheet')
    expect(await miniProgram.evaluate(() => getApp().globalData.sheet)).toBe(
      'showActionSheet:fail cancel',
    )
  })

  test('navigation bar title, tabBar badges and red dots', async () => {
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/index/index' })
    expect((await ui()).navigationBarTitle).toBe('Fixture')
    await miniProgram.callWxMethod('setNavigationBarTitle', { title: 'Chats' })
    await miniProgram.callWxMethod('setTabBarBadge', { index: 1, text: '3' })
    await miniProgram.callWxMethod('showTabBarRedDot', { index: 0 })
    let state = await ui()
    expect(state.navigationBarTitle).toBe('Chats')
    expect(state.tabBar.badges).toEqual({ 1: '3' })
    expect(state.tabBar.redDots).toEqual({ 0: true })
    await miniProgram.callWxMethod('removeTabBarBadge', { index: 1 })
    state = await ui()
    expect(state.tabBar.badges).toEqual({})
    await expect(
      miniProgram.callWxMethod('setTabBarBadge', { index: 7, text: '1' }),
    ).rejects.toThrow('setTabBarBadge:fail tabbar item 7 not found')
  })

  test('createSelectorQuery reads ids and datasets', async () => {
    await miniProgram.callWxMethod('reLaunch', { url: '/pages/index/index' })
    const fields = await miniProgram.evaluate(
      () =>
        new Promise((resolve) =>
          wx
            .createSelectorQuery()
            .select('#inc')
            .fields({ id: true, dataset: true })
            .exec((result: unknown[]) => resolve(result[0])),
        ),
    )
    expect(fields).toMatchObject({ id: 'inc', dataset: {} })
  })

  test('chooseMedia returns the configured files, or fails as a cancelled picker when none is set', async () => {
    await miniProgram.callWxMethod('hostSetChooseMediaFiles', { files: [] })
    await expect(miniProgram.callWxMethod('chooseMedia', { count: 1 })).rejects.toThrow(
      'chooseMedia:fail cancel',
    )
    await expect(
      miniProgram.callWxMethod('hostSetChooseMediaFiles', { files: ['/nope.png'] }),
    ).rejects.toThrow('not an existing absolute path')
    await miniProgram.callWxMethod('hostSetChooseMediaFiles', { files: [picture] })
    const media = (await miniProgram.callWxMethod('chooseMedia', {
      count: 1,
      mediaType: ['image'],
    })) as {
      tempFiles: Record<string, unknown>[]
      type: string
    }
    expect(media.type).toBe('image')
    expect(media.tempFiles[0]).toMatchObject({
      fileType: 'image',
      width: 40,
      height: 30,
      size: fs.statSync(picture).size,
    })
  })

  test('privacy: the app handles onNeedPrivacyAuthorization; afterwards no authorization is needed', async () => {
    expect(await miniProgram.callWxMethod('getPrivacySetting')).toMatchObject({
      needAuthorization: true,
    })
    await miniProgram.evaluate(() => {
      wx.onNeedPrivacyAuthorization((resolve: (answer: { event: string }) => void) =>
        resolve({ event: 'agree' }),
      )
    })
    expect(await miniProgram.callWxMethod('requirePrivacyAuthorize')).toEqual({
      errMsg: 'requirePrivacyAuthorize:ok',
    })
    expect(await miniProgram.callWxMethod('getPrivacySetting')).toMatchObject({
      needAuthorization: false,
    })
    await miniProgram.callWxMethod('openPrivacyContract')
    expect((await ui()).privacyContractOpened).toBe(1)
  })

  test('background and foreground run App and Page onHide / onShow and the wx.onAppHide / onAppShow listeners', async () => {
    const page = await miniProgram
      .callWxMethod('reLaunch', { url: '/pages/index/index' })
      .then(() => miniProgram.currentPage())
    await miniProgram.evaluate(() => {
      const app = getApp()
      app.globalData.appEvents = []
      wx.onAppHide(() => app.globalData.appEvents.push('hide'))
      wx.onAppShow(() => app.globalData.appEvents.push('show'))
    })
    await miniProgram.callWxMethod('hostEnterBackground')
    expect((await ui()).inBackground).toBe(true)
    await miniProgram.callWxMethod('hostEnterForeground')
    expect(await miniProgram.evaluate(() => getApp().globalData.appEvents)).toEqual([
      'hide',
      'show',
    ])
    expect(await page?.data('lifecycle')).toEqual([
      'onLoad',
      'onShow',
      'onReady',
      'onHide',
      'onShow',
    ])
    const log = (await miniProgram.evaluate(() => getApp().globalData.log)) as string[]
    expect(log.slice(-4)).toEqual(['index:onHide', 'app:onHide', 'app:onShow', 'index:onShow'])
  })
})
