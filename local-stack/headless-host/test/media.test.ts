// Media and permission APIs on real files and real HTTP on 127.0.0.1: authorization, the recorder, inner
// audio, video and chat files, documents, download / upload progress, and the controls behind them.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import { connect, fixturesDir, startHostProcess, waitFor, type RunningHost } from './helpers'

const projectDir = path.join(fixturesDir, 'media')
const files = path.join(fixturesDir, 'media-files')
const voice = path.join(files, 'voice-2s.mp3')
const big = Buffer.alloc(200_000, 7)
let host: RunningHost
let miniProgram: MiniProgram
let server: http.Server
let origin: string
const uploads: Buffer[] = []
let stalled: http.ServerResponse | undefined

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      if (request.url === '/upload') {
        uploads.push(Buffer.concat(chunks))
        response.end('stored')
      } else if (request.url === '/big.bin') {
        // Sent in pieces, with its length, so the client sees it arrive.
        response.writeHead(200, { 'content-length': String(big.length) })
        let offset = 0
        const next = (): void => {
          if (offset >= big.length) return void response.end()
          const piece = big.subarray(offset, offset + 20_000)
          offset += piece.length
          response.write(piece, () => setImmediate(next))
        }
        next()
      } else if (request.url === '/stall.bin') {
        response.writeHead(200, { 'content-length': '100000' })
        response.write(Buffer.alloc(1000))
        stalled = response
      } else if (request.url === '/voice.mp3') {
        response.writeHead(200, { 'content-type': 'audio/mpeg' })
        response.end(fs.readFileSync(voice))
      } else {
        response.writeHead(404)
        response.end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  host = await startHostProcess(projectDir)
  miniProgram = await connect(host)
})

afterAll(async () => {
  miniProgram?.disconnect()
  expect(await host?.stop()).toBe(0)
  stalled?.destroy()
  await new Promise((resolve) => server?.close(resolve))
})

type MediaState = {
  authSetting: Record<string, boolean>
  authorizePrompts: { scope: string; answer: string }[]
  settingsOpened: number
  documents: { filePath: string; fileType: string; showMenu: boolean }[]
  sharedFiles: { filePath: string; fileName: string }[]
  mediaRequests: Record<string, unknown>[]
}
const mediaState = async () => (await miniProgram.callWxMethod('hostGetMediaState')) as MediaState
type AudioState = {
  option: Record<string, boolean>
  contexts: {
    id: number
    paused: boolean
    currentTime: number
    duration: number
    audible: boolean
  }[]
  recorder: { state: string; recordings: number }
}
const audioState = async () => (await miniProgram.callWxMethod('hostGetAudioState')) as AudioState
const globalEvents = () => miniProgram.evaluate(() => getApp().globalData.events as unknown[])
const clearEvents = () => miniProgram.evaluate(() => void (getApp().globalData.events = []))

describe('authorization', () => {
  test('a refused scope stays refused without a popup until the settings page turns it on', async () => {
    await miniProgram.callWxMethod('hostSetAuthorize', { 'scope.camera': 'deny' })
    await expect(miniProgram.callWxMethod('authorize', { scope: 'scope.camera' })).rejects.toThrow(
      'authorize:fail auth deny',
    )
    await expect(miniProgram.callWxMethod('authorize', { scope: 'scope.camera' })).rejects.toThrow(
      'authorize:fail auth deny',
    )
    expect((await mediaState()).authorizePrompts).toEqual([
      { scope: 'scope.camera', answer: 'deny' },
    ])
    expect(await miniProgram.callWxMethod('getSetting')).toEqual({
      errMsg: 'getSetting:ok',
      authSetting: { 'scope.camera': false },
    })
    await miniProgram.callWxMethod('hostSetOpenSetting', { 'scope.camera': true })
    expect(await miniProgram.callWxMethod('openSetting')).toEqual({
      errMsg: 'openSetting:ok',
      authSetting: { 'scope.camera': true },
    })
    expect(await miniProgram.callWxMethod('authorize', { scope: 'scope.camera' })).toEqual({
      errMsg: 'authorize:ok',
    })
    const state = await mediaState()
    expect(state.authorizePrompts).toHaveLength(1)
    expect(state.settingsOpened).toBe(1)
    await expect(miniProgram.callWxMethod('authorize', { scope: 'scope.nothing' })).rejects.toThrow(
      'authorize:fail invalid scope',
    )
    await expect(
      miniProgram.callWxMethod('hostSetAuthorize', { 'scope.camera': 'maybe' }),
    ).rejects.toThrow("should be 'allow' or 'deny'")
  })
})

/** Starts the recorder in the page with listeners that log into globalData.events. */
const startRecording = (options: Record<string, unknown>) =>
  miniProgram.evaluate((startOptions: Record<string, unknown>) => {
    const events = getApp().globalData.events as unknown[]
    const recorder = wx.getRecorderManager()
    if (!getApp().globalData.recorderWired) {
      getApp().globalData.recorderWired = true
      const log = (type: string) => (result: Record<string, unknown> | undefined) =>
        getApp().globalData.events.push({ type, ...(result ?? {}) })
      recorder.onStart(log('start'))
      recorder.onPause(log('pause'))
      recorder.onResume(log('resume'))
      recorder.onStop(log('stop'))
      recorder.onError(log('error'))
      recorder.onInterruptionBegin(log('interruptionBegin'))
      recorder.onFrameRecorded((frame: { frameBuffer: ArrayBuffer; isLastFrame: boolean }) =>
        getApp().globalData.events.push({
          type: 'frame',
          bytes: frame.frameBuffer.byteLength,
          isLastFrame: frame.isLastFrame,
        }),
      )
    }
    recorder.start(startOptions)
    return events.length
  }, options)
const callRecorder = (method: string) =>
  miniProgram.evaluate((name: string) => wx.getRecorderManager()[name](), method)
type Logged = { type: string } & Record<string, unknown>
const waitForEvent = (type: string) =>
  waitFor(
    async () => (await globalEvents()) as Logged[],
    (events) => events.some((event) => event.type === type),
    `the recorder's ${type}`,
  ).then((events) => events.filter((event) => event.type === type).pop() as Logged)

describe('recorder', () => {
  test('start without scope.record fails as WeChat does; after the settings page it records', async () => {
    await clearEvents()
    await miniProgram.callWxMethod('hostSetAuthorize', { 'scope.record': 'deny' })
    await startRecording({ format: 'mp3' })
    expect(await waitForEvent('error')).toEqual({
      type: 'error',
      errMsg: 'operateRecorder:fail auth deny',
    })
    expect((await audioState()).recorder.state).toBe('idle')
    await miniProgram.callWxMethod('hostSetOpenSetting', { 'scope.record': true })
    await miniProgram.callWxMethod('openSetting')
    await startRecording({ format: 'mp3' })
    await waitForEvent('start')
    await callRecorder('stop')
    expect(await waitForEvent('stop')).toMatchObject({
      tempFilePath: expect.stringMatching(/^http:\/\/tmp\/.+\.mp3$/),
    })
  })

  test('the test file and spoken length: pause / resume, frames, onStop, and the file uploads byte for byte', async () => {
    await clearEvents()
    await miniProgram.callWxMethod('hostSetRecording', { file: voice, durationMs: 1800 })
    await startRecording({ format: 'mp3', duration: 60000, frameSize: 2 })
    await waitForEvent('start')
    await callRecorder('pause')
    await waitForEvent('pause')
    expect((await audioState()).recorder.state).toBe('paused')
    await callRecorder('resume')
    await waitForEvent('resume')
    await callRecorder('stop')
    const stop = await waitForEvent('stop')
    const size = fs.statSync(voice).size
    expect(stop).toMatchObject({ duration: 1800, fileSize: size })
    const frames = ((await globalEvents()) as Logged[]).filter((event) => event.type === 'frame')
    expect(frames.reduce((sum, frame) => sum + Number(frame.bytes), 0)).toBe(size)
    expect(frames.at(-1)?.isLastFrame).toBe(true)
    expect(frames.slice(0, -1).every((frame) => frame.isLastFrame === false)).toBe(true)
    const upload = (await miniProgram.callWxMethod('uploadFile', {
      url: `${origin}/upload`,
      filePath: stop.tempFilePath,
      name: 'file',
    })) as { statusCode: number }
    expect(upload.statusCode).toBe(200)
    expect(uploads.at(-1)?.includes(fs.readFileSync(voice))).toBe(true)
  })

  test('without durationMs the length is the real time held, and `duration` stops the recording by itself', async () => {
    await clearEvents()
    await miniProgram.callWxMethod('hostSetRecording', { file: voice })
    await startRecording({ format: 'mp3', duration: 300 })
    const stop = await waitForEvent('stop')
    expect(stop.duration).toBe(300)
    expect((await audioState()).recorder.state).toBe('idle')
  })

  test('a call interrupts the recording; a file of another format is refused; the host microphone serves aac', async () => {
    await clearEvents()
    await startRecording({ format: 'mp3' })
    await waitForEvent('start')
    await miniProgram.callWxMethod('hostInterruptRecording')
    await waitForEvent('interruptionBegin')
    await waitForEvent('pause')
    await callRecorder('stop')
    await waitForEvent('stop')
    await clearEvents()
    await startRecording({ format: 'aac' })
    expect((await waitForEvent('error')).errMsg).toMatch(
      /^operateRecorder:fail .*voice-2s\.mp3 is not aac/,
    )
    await miniProgram.callWxMethod('hostSetRecording', { file: null })
    await clearEvents()
    await startRecording({ format: 'aac', duration: 200 })
    expect(await waitForEvent('stop')).toMatchObject({
      tempFilePath: expect.stringMatching(/\.aac$/),
      duration: 200,
    })
  })
})

describe('inner audio', () => {
  /** A context in the app whose events are logged; returns its index in globalData.audios. */
  const createAudio = (src: string) =>
    miniProgram.evaluate((source: string) => {
      const data = getApp().globalData
      data.audios = data.audios ?? []
      const audio = wx.createInnerAudioContext()
      for (const type of [
        'Canplay',
        'Play',
        'Pause',
        'Stop',
        'Ended',
        'Error',
        'Waiting',
        'Seeked',
      ]) {
        audio[`on${type}`]((result: unknown) =>
          data.events.push({
            type: `audio${type}`,
            index: data.audios.length - 1,
            ...(result as object),
          }),
        )
      }
      audio.onTimeUpdate(() => (data.timeUpdates = (data.timeUpdates ?? 0) + 1))
      audio.src = source
      data.audios.push(audio)
      return data.audios.length - 1
    }, src)
  const audioCall = (index: number, method: string, ...args: unknown[]) =>
    miniProgram.evaluate(
      (i: number, name: string, rest: unknown[]) => getApp().globalData.audios[i][name](...rest),
      index,
      method,
      args,
    )
  const audioRead = (index: number, name: string) =>
    miniProgram.evaluate(
      (i: number, key: string) => getApp().globalData.audios[i][key],
      index,
      name,
    )

  test('a downloaded voice plays to its end: duration from the file, currentTime advancing, timeUpdate, ended', async () => {
    await clearEvents()
    const download = (await miniProgram.callWxMethod('downloadFile', {
      url: `${origin}/voice.mp3`,
    })) as {
      tempFilePath: string
    }
    const index = await createAudio(download.tempFilePath)
    await waitForEvent('audioCanplay')
    expect(await audioRead(index, 'duration')).toBeCloseTo(2.088, 2)
    await audioCall(index, 'play')
    await waitForEvent('audioPlay')
    await waitFor(
      () => audioRead(index, 'currentTime') as Promise<number>,
      (time) => time > 0.2,
      'time to pass',
    )
    await waitForEvent('audioEnded')
    expect(await audioRead(index, 'paused')).toBe(true)
    expect(
      await miniProgram.evaluate(() => getApp().globalData.timeUpdates as number),
    ).toBeGreaterThanOrEqual(3)
  })

  test('an http URL plays after waiting; pause, seek and stop; the silent switch mutes it unless obeyMuteSwitch is off', async () => {
    await clearEvents()
    const index = await createAudio(`${origin}/voice.mp3`)
    await miniProgram.callWxMethod('hostSetSilentSwitch', { on: true })
    await audioCall(index, 'play')
    await waitForEvent('audioPlay')
    let state = await audioState()
    expect(state.option.obeyMuteSwitch).toBe(true)
    expect(state.contexts.find((context) => !context.paused)?.audible).toBe(false)
    await miniProgram.callWxMethod('setInnerAudioOption', {
      obeyMuteSwitch: false,
      mixWithOther: false,
    })
    state = await audioState()
    expect(state.option).toEqual({ obeyMuteSwitch: false, mixWithOther: false, speakerOn: true })
    expect(state.contexts.find((context) => !context.paused)?.audible).toBe(true)
    await audioCall(index, 'pause')
    await waitForEvent('audioPause')
    await audioCall(index, 'seek', 1.5)
    await waitForEvent('audioSeeked')
    expect(await audioRead(index, 'currentTime')).toBe(1.5)
    await audioCall(index, 'stop')
    await waitForEvent('audioStop')
    expect(await audioRead(index, 'currentTime')).toBe(0)
    await miniProgram.callWxMethod('hostSetSilentSwitch', { on: false })
  })

  test('a missing file and a file that is not audio end in onError with WeChat’s codes', async () => {
    await clearEvents()
    await createAudio('http://tmp/nothing-here.mp3')
    expect((await waitForEvent('audioError')).errCode).toBe(10003)
    await clearEvents()
    await createAudio('/pages/voice/voice.wxml')
    expect((await waitForEvent('audioError')).errCode).toBe(10004)
  })
})

describe('videos, chat files and documents', () => {
  test('chooseMedia for a video: length, size and a thumbnail decoded from its first frame', async () => {
    const clip = path.join(files, 'clip-2s.mp4')
    await miniProgram.callWxMethod('hostSetChooseMediaFiles', { files: [clip] })
    const chosen = (await miniProgram.callWxMethod('chooseMedia', {
      count: 1,
      mediaType: ['video'],
      sourceType: ['album', 'camera'],
      maxDuration: 30,
      camera: 'back',
    })) as { type: string; tempFiles: Record<string, unknown>[] }
    expect(chosen.type).toBe('video')
    expect(chosen.tempFiles[0]).toMatchObject({
      fileType: 'video',
      size: fs.statSync(clip).size,
      duration: 2,
      width: 320,
      height: 240,
      tempFilePath: expect.stringMatching(/^http:\/\/tmp\/.+\.mp4$/),
      thumbTempFilePath: expect.stringMatching(/^http:\/\/tmp\/.+\.jpg$/),
    })
    expect(
      await miniProgram.callWxMethod('getImageInfo', {
        src: chosen.tempFiles[0]?.thumbTempFilePath,
      }),
    ).toMatchObject({ type: 'jpeg', width: 320, height: 240 })
    expect((await mediaState()).mediaRequests.at(-1)).toEqual({
      mediaType: ['video'],
      sourceType: ['album', 'camera'],
      maxDuration: 30,
      camera: 'back',
      count: 1,
    })
    await expect(
      miniProgram.callWxMethod('chooseMedia', { count: 1, mediaType: ['image'] }),
    ).rejects.toThrow('chooseMedia:fail cancel')
  })

  test('chooseMessageFile filters by type and extension; openDocument opens what WeChat opens; shareFileMessage is recorded', async () => {
    const pdf = path.join(files, 'report.pdf')
    const notes = path.join(files, 'notes.txt')
    await miniProgram.callWxMethod('hostSetChooseMessageFiles', {
      files: [notes, pdf, path.join(files, 'clip-2s.mp4')],
    })
    const picked = (await miniProgram.callWxMethod('chooseMessageFile', {
      count: 5,
      type: 'file',
      extension: ['pdf'],
    })) as { tempFiles: { path: string; size: number; name: string; type: string; time: number }[] }
    expect(picked.tempFiles).toEqual([
      {
        path: expect.stringMatching(/^http:\/\/tmp\/.+\.pdf$/),
        size: fs.statSync(pdf).size,
        name: 'report.pdf',
        type: 'file',
        time: Math.floor(fs.statSync(pdf).mtimeMs / 1000),
      },
    ])
    const all = (await miniProgram.callWxMethod('chooseMessageFile', {
      count: 5,
      type: 'all',
    })) as {
      tempFiles: { name: string; type: string }[]
    }
    expect(all.tempFiles.map((file) => [file.name, file.type])).toEqual([
      ['notes.txt', 'file'],
      ['report.pdf', 'file'],
      ['clip-2s.mp4', 'video'],
    ])
    await expect(
      miniProgram.callWxMethod('chooseMessageFile', { count: 1, type: 'image' }),
    ).rejects.toThrow('chooseMessageFile:fail cancel')
    const pdfPath = picked.tempFiles[0]?.path
    expect(
      await miniProgram.callWxMethod('openDocument', { filePath: pdfPath, showMenu: true }),
    ).toEqual({
      errMsg: 'openDocument:ok',
    })
    const notesPath = (all.tempFiles[0] as unknown as { path: string }).path
    await expect(miniProgram.callWxMethod('openDocument', { filePath: notesPath })).rejects.toThrow(
      'openDocument:fail filetype not supported',
    )
    await miniProgram.callWxMethod('shareFileMessage', {
      filePath: notesPath,
      fileName: '会议纪要.txt',
    })
    const state = await mediaState()
    expect(state.documents).toEqual([{ filePath: pdfPath, fileType: 'pdf', showMenu: true }])
    expect(state.sharedFiles).toEqual([{ filePath: notesPath, fileName: '会议纪要.txt' }])
  })
})

describe('transfer progress', () => {
  test('downloadFile reports progress against the Content-Length; abort ends it with downloadFile:fail abort', async () => {
    const progress = (await miniProgram.evaluate(
      (url: string) =>
        new Promise((resolve, reject) => {
          const seen: unknown[] = []
          const task = wx.downloadFile({ url, success: () => resolve(seen), fail: reject })
          task.onProgressUpdate((update: unknown) => seen.push(update))
        }),
      `${origin}/big.bin`,
    )) as { progress: number; totalBytesWritten: number; totalBytesExpectedToWrite: number }[]
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toEqual({
      progress: 100,
      totalBytesWritten: 200_000,
      totalBytesExpectedToWrite: 200_000,
    })
    const written = progress.map((update) => update.totalBytesWritten)
    expect([...written].sort((a, b) => a - b)).toEqual(written)
    const aborted = await miniProgram.evaluate(
      (url: string) =>
        new Promise((resolve) => {
          const task = wx.downloadFile({
            url,
            fail: (error: { errMsg: string }) => resolve(error.errMsg),
          })
          task.onProgressUpdate((update: { progress: number }) => {
            if (update.progress === 1) task.abort()
          })
        }),
      `${origin}/stall.bin`,
    )
    expect(aborted).toBe('downloadFile:fail abort')
  })

  test('uploadFile reports the bytes sent up to 100 %', async () => {
    const download = (await miniProgram.callWxMethod('downloadFile', {
      url: `${origin}/big.bin`,
    })) as {
      tempFilePath: string
    }
    const progress = (await miniProgram.evaluate(
      (url: string, filePath: string) =>
        new Promise((resolve, reject) => {
          const seen: unknown[] = []
          const task = wx.uploadFile({
            url,
            filePath,
            name: 'file',
            success: () => resolve(seen),
            fail: reject,
          })
          task.onProgressUpdate((update: unknown) => seen.push(update))
        }),
      `${origin}/upload`,
      download.tempFilePath,
    )) as { progress: number; totalBytesWritten: number; totalBytesExpectedToWrite: number }[]
    expect(progress.length).toBeGreaterThan(5)
    const last = progress.at(-1)
    expect(last?.progress).toBe(100)
    expect(last?.totalBytesWritten).toBe(last?.totalBytesExpectedToWrite)
    expect(last?.totalBytesExpectedToWrite).toBe(uploads.at(-1)?.length)
    expect(uploads.at(-1)?.includes(big)).toBe(true)
  })
})
