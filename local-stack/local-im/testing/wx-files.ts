/**
 * The files side of the Node `wx`: temp files named as WeChat names them (`http://tmp/…` in
 * DevTools, `wxfile://tmp_…` on a phone, `wxfile://usr/…` for USER_DATA_PATH) and backed by real
 * files, and uploadFile, downloadFile (with progress), getImageInfo and the file system manager
 * working on them. A path WeChat would not have handed out fails, as it does in WeChat.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { imageSize } from 'image-size'

type Callback = (result: unknown) => void

export interface CallbackOptions {
  success?: Callback
  fail?: Callback
  complete?: Callback
}

/** Settles a wx-style call: success/fail then complete, asynchronously like the real API. */
export function settle(options: CallbackOptions | undefined, run: () => Promise<unknown>): void {
  run().then(
    (result) => {
      options?.success?.(result)
      options?.complete?.(result)
    },
    (error: unknown) => {
      const result = { errMsg: `fail ${error instanceof Error ? error.message : String(error)}` }
      options?.fail?.(result)
      options?.complete?.(result)
    },
  )
}

/** How a temp path looks: WeChat DevTools (`http://tmp/…`) or a phone (`wxfile://tmp_…`). */
export type TempPathStyle = 'devtools' | 'device'

export const USER_DATA_PATH = 'wxfile://usr'

export interface WxFiles {
  /** The wx functions (uploadFile, downloadFile, getImageInfo, getFileSystemManager, env). */
  api: Record<string, unknown>
  /** A temp file with these bytes, as chooseMedia, chooseMessageFile or the recorder hand it over. */
  createTempFile(data: Buffer, extension: string, style?: TempPathStyle): string
  /** The bytes behind a path this `wx` handed out (temp or USER_DATA_PATH). */
  readFile(path: string): Buffer
}

export interface WxFilesOptions {
  isOnline(): boolean
  isReachable(url: string): boolean
  style?: TempPathStyle
}

export function createWxFiles(options: WxFilesOptions): WxFiles {
  const files = new Map<string, string>()
  let dir: string | undefined
  const realFile = () => {
    dir ??= mkdtempSync(join(tmpdir(), 'wx-files-'))
    return join(dir, randomBytes(12).toString('hex'))
  }

  const tempPath = (extension: string, style = options.style ?? 'devtools') => {
    const name = `${randomBytes(16).toString('hex')}${extension ? `.${extension.replace(/^\./, '')}` : ''}`
    return style === 'device' ? `wxfile://tmp_${name}` : `http://tmp/${name}`
  }

  const store = (path: string, data: Buffer): string => {
    const real = realFile()
    writeFileSync(real, data)
    files.set(path, real)
    return path
  }

  const realPathOf = (path: string): string => {
    const real = files.get(path)
    if (!real) throw new Error(`no such file or directory, open "${path}"`)
    return real
  }

  const readFile = (path: string) => readFileSync(realPathOf(path))

  const checkNetwork = (url: string) => {
    if (!options.isOnline()) throw new Error('network is offline')
    if (!options.isReachable(url)) throw new Error('url not in domain list')
  }

  const api: Record<string, unknown> = {
    env: { USER_DATA_PATH },
    uploadFile: (
      o: {
        url: string
        filePath: string
        name: string
        formData?: Record<string, unknown>
        header?: Record<string, string>
      } & CallbackOptions,
    ) => {
      const progress: Callback[] = []
      settle(o, async () => {
        checkNetwork(o.url)
        const bytes = readFile(o.filePath)
        const form = new FormData()
        for (const [field, value] of Object.entries(o.formData ?? {})) {
          form.append(field, String(value))
        }
        form.append(o.name, new Blob([bytes]), basename(o.filePath))
        const response = await fetch(o.url, { method: 'POST', body: form, headers: o.header })
        const data = await response.text()
        const sent = { totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length }
        progress.forEach((listener) => listener({ progress: 100, ...sent }))
        return {
          data,
          statusCode: response.status,
          header: Object.fromEntries(response.headers.entries()),
          errMsg: 'uploadFile:ok',
        }
      })
      return {
        onProgressUpdate: (listener: Callback) => progress.push(listener),
        offProgressUpdate: () => undefined,
        abort: () => undefined,
      }
    },
    // Progress as WeChat reports it: from Content-Length, while the body arrives.
    downloadFile: (
      o: { url: string; filePath?: string; header?: Record<string, string> } & CallbackOptions,
    ) => {
      const progress: Callback[] = []
      settle(o, async () => {
        checkNetwork(o.url)
        const response = await fetch(o.url, { headers: o.header })
        const expected = Number(response.headers.get('content-length') ?? 0)
        const chunks: Buffer[] = []
        let written = 0
        if (response.body) {
          for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
            chunks.push(Buffer.from(chunk))
            written += chunk.length
            const percent = expected > 0 ? Math.floor((written * 100) / expected) : 0
            progress.forEach((listener) =>
              listener({
                progress: percent,
                totalBytesWritten: written,
                totalBytesExpectedToWrite: expected,
              }),
            )
          }
        }
        const bytes = Buffer.concat(chunks)
        if (o.filePath !== undefined && !o.filePath.startsWith(`${USER_DATA_PATH}/`)) {
          throw new Error(`permission denied, open "${o.filePath}"`)
        }
        const extension = extname(new URL(o.url).pathname).slice(1)
        const path = store(o.filePath ?? tempPath(extension), bytes)
        return {
          ...(o.filePath ? { filePath: path } : { tempFilePath: path }),
          statusCode: response.status,
          header: Object.fromEntries(response.headers.entries()),
          errMsg: 'downloadFile:ok',
        }
      })
      return {
        onProgressUpdate: (listener: Callback) => progress.push(listener),
        offProgressUpdate: () => undefined,
        abort: () => undefined,
      }
    },
    getImageInfo: (o: { src: string } & CallbackOptions) => {
      settle(o, async () => {
        let bytes: Buffer
        if (/^https?:\/\//.test(o.src) && !files.has(o.src)) {
          checkNetwork(o.src)
          bytes = Buffer.from(await (await fetch(o.src)).arrayBuffer())
        } else bytes = readFile(o.src)
        const size = imageSize(bytes)
        return {
          width: size.width ?? 0,
          height: size.height ?? 0,
          path: o.src,
          type: size.type ?? 'unknown',
          orientation: 'up',
          errMsg: 'getImageInfo:ok',
        }
      })
    },
    getFileSystemManager: () => ({
      readFileSync: (path: string, encoding?: BufferEncoding) => {
        const bytes = readFile(path)
        return encoding ? bytes.toString(encoding) : new Uint8Array(bytes).buffer
      },
      getFileInfo: (o: { filePath: string } & CallbackOptions) =>
        settle(o, async () => ({ size: readFile(o.filePath).length, errMsg: 'getFileInfo:ok' })),
    }),
  }

  return {
    api,
    createTempFile: (data, extension, style) => store(tempPath(extension, style), data),
    readFile,
  }
}
