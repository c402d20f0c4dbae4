// Choosing pictures and videos (the files a test set with the hostSetChooseMediaFiles control): sizes read
// from the files, a video's length and picture size from its boxes and its thumbnail from its first frame;
// reading picture sizes and "compressing" (copying) them.
import fs from 'node:fs'
import path from 'node:path'
import { failure } from '../core/errors'
import { imageSize, mimeOf } from '../core/files'
import { videoInfo } from '../core/media-info'
import type { DefineAsync } from './define'
import type { WxHost } from './host'

type MediaHost = Pick<WxHost, 'device' | 'files' | 'frames' | 'media'>

interface ChosenFile {
  tempFilePath: string
  size: number
  fileType: 'image' | 'video'
  width: number
  height: number
  duration?: number
  thumbTempFilePath?: string
}

async function describe(host: MediaHost, file: string): Promise<ChosenFile> {
  const bytes = fs.readFileSync(file)
  const tempFilePath = host.files.storeTemp(bytes, path.extname(file))
  if (mimeOf(file).startsWith('video/')) {
    const info = await videoInfo(bytes)
    const thumb = await host.frames.firstFrame(bytes, mimeOf(file))
    return {
      tempFilePath,
      size: bytes.length,
      fileType: 'video',
      width: info.width,
      height: info.height,
      duration: Number(info.duration.toFixed(3)),
      thumbTempFilePath: host.files.storeTemp(thumb, '.jpg'),
    }
  }
  const { width, height } = imageSize(bytes)
  return { tempFilePath, size: bytes.length, fileType: 'image', width, height }
}

export function installMedia(define: DefineAsync, host: MediaHost): void {
  const chosenFiles = async (api: string, count: number, kinds: string[]) => {
    // The picker shows only the kinds the app asked for; the person picks from what the test set.
    const offered = host.device.mediaFiles.filter((file) =>
      kinds.includes(mimeOf(file).startsWith('video/') ? 'video' : 'image'),
    )
    if (offered.length === 0) throw failure(api, 'cancel')
    const picked = offered.slice(0, Math.max(1, count))
    return Promise.all(picked.map((file) => describe(host, file)))
  }
  define('chooseMedia', async (options) => {
    const kinds = Array.isArray(options.mediaType)
      ? options.mediaType.map(String)
      : ['image', 'video']
    const wanted = kinds.includes('mix') ? ['image', 'video'] : kinds
    host.media.mediaRequests.push({
      mediaType: kinds,
      sourceType: Array.isArray(options.sourceType)
        ? options.sourceType.map(String)
        : ['album', 'camera'],
      maxDuration: Number(options.maxDuration ?? 10),
      camera: String(options.camera ?? 'back'),
      count: Number(options.count ?? 9),
    })
    const tempFiles = await chosenFiles('chooseMedia', Number(options.count ?? 9), wanted)
    const types = new Set(tempFiles.map((file) => file.fileType))
    return { tempFiles, type: types.size > 1 ? 'mix' : [...types][0] }
  })
  define('chooseImage', async (options) => {
    const tempFiles = await chosenFiles('chooseImage', Number(options.count ?? 9), ['image'])
    return {
      tempFilePaths: tempFiles.map((file) => file.tempFilePath),
      tempFiles: tempFiles.map((file) => ({ path: file.tempFilePath, size: file.size })),
    }
  })
  define('getImageInfo', async (options) => {
    if (typeof options.src !== 'string')
      throw failure('getImageInfo', 'parameter.src should be a string')
    const info = imageSize(await host.files.read(options.src))
    return { ...info, path: options.src, orientation: 'up' }
  })
  define('compressImage', async (options) => {
    const src = String(options.src)
    const bytes = await host.files.read(src)
    return { tempFilePath: host.files.storeTemp(bytes, path.extname(src)) }
  })
}
