// Files from the person's WeChat chats (wx.chooseMessageFile, offering the files a test set), opening a
// document in WeChat's viewer (wx.openDocument, for the types it opens) and forwarding a file to a chat
// (wx.shareFileMessage); what was opened and shared is recorded for tests.
import fs from 'node:fs'
import path from 'node:path'
import { failure } from '../core/errors'
import type { DefineAsync } from './define'
import type { WxHost } from './host'

type DocumentsHost = Pick<WxHost, 'media' | 'files'>

const DOCUMENT_TYPES = new Set(['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'])
const IMAGE = /\.(png|jpe?g|gif|webp|bmp|heic)$/i
const VIDEO = /\.(mp4|mov|m4v|3gp|avi)$/i

function kindOf(file: string): 'image' | 'video' | 'file' {
  if (IMAGE.test(file)) return 'image'
  if (VIDEO.test(file)) return 'video'
  return 'file'
}

export function installDocuments(define: DefineAsync, host: DocumentsHost): void {
  define('chooseMessageFile', (options) => {
    const count = Number(options.count ?? 1)
    if (!Number.isInteger(count) || count < 1 || count > 100)
      throw failure('chooseMessageFile', 'parameter.count should be 1 to 100')
    const type = String(options.type ?? 'all')
    const extensions = Array.isArray(options.extension)
      ? options.extension.map((item) => String(item).replace(/^\./, '').toLowerCase())
      : undefined
    // The chat's file list shows only what the app asked for; the person picks from that.
    const offered = host.media.messageFiles.filter((file) => {
      const kind = kindOf(file)
      if (type !== 'all' && kind !== type) return false
      if (type === 'file' && extensions)
        return extensions.includes(path.extname(file).slice(1).toLowerCase())
      return true
    })
    if (offered.length === 0) throw failure('chooseMessageFile', 'cancel')
    const tempFiles = offered.slice(0, count).map((file) => {
      const bytes = fs.readFileSync(file)
      const stat = fs.statSync(file)
      return {
        path: host.files.storeTemp(bytes, path.extname(file)),
        size: bytes.length,
        name: path.basename(file),
        type: kindOf(file),
        time: Math.floor(stat.mtimeMs / 1000),
      }
    })
    return { tempFiles }
  })

  define('openDocument', async (options) => {
    if (typeof options.filePath !== 'string')
      throw failure('openDocument', 'parameter.filePath should be a string')
    const filePath = options.filePath
    const local = host.files.localPath(filePath)
    if (!local || !fs.existsSync(local))
      throw failure('openDocument', `file doesn't exist: ${filePath}`)
    const fileType = String(options.fileType ?? path.extname(filePath).slice(1)).toLowerCase()
    if (!DOCUMENT_TYPES.has(fileType)) throw failure('openDocument', 'filetype not supported')
    host.media.documents.push({ filePath, fileType, showMenu: Boolean(options.showMenu) })
    return {}
  })

  define('shareFileMessage', (options) => {
    if (typeof options.filePath !== 'string')
      throw failure('shareFileMessage', 'parameter.filePath should be a string')
    const local = host.files.localPath(options.filePath)
    if (!local || !fs.existsSync(local))
      throw failure('shareFileMessage', `file doesn't exist: ${options.filePath}`)
    host.media.sharedFiles.push({
      filePath: options.filePath,
      fileName: String(options.fileName ?? path.basename(options.filePath)),
    })
    return {}
  })
}
