// Choosing pictures and videos (the files a test set with the hostSetChooseMediaFiles control), reading
// picture sizes and "compressing" (copying) them.
import fs from 'node:fs'
import path from 'node:path'
import { failure } from '../core/errors'
import { imageSize, mimeOf } from '../core/files'
import type { DefineAsync } from './define'
import type { WxHost } from './host'

export function installMedia(define: DefineAsync, host: Pick<WxHost, 'device' | 'files'>): void {
  const chosenFiles = (api: string, count: number) => {
    if (host.device.mediaFiles.length === 0) throw failure(api, 'cancel')
    return host.device.mediaFiles.slice(0, Math.max(1, count)).map((file) => {
      const bytes = fs.readFileSync(file)
      const tempFilePath = host.files.storeTemp(bytes, path.extname(file))
      let size = { width: 0, height: 0 }
      try {
        size = imageSize(bytes)
      } catch (_notAPicture) {
        // sizes stay 0, as for a video without metadata
      }
      const isVideo = mimeOf(file).startsWith('video/')
      return {
        tempFilePath,
        size: bytes.length,
        fileType: isVideo ? 'video' : 'image',
        width: size.width,
        height: size.height,
      }
    })
  }
  define('chooseMedia', (options) => {
    const tempFiles = chosenFiles('chooseMedia', Number(options.count ?? 9))
    return {
      tempFiles,
      type: tempFiles.every((file) => file.fileType === 'image') ? 'image' : 'mix',
    }
  })
  define('chooseImage', (options) => {
    const tempFiles = chosenFiles('chooseImage', Number(options.count ?? 9))
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
