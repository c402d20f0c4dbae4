// Loose checks on a PNG: its size, and whether it has any content at all (a blank page compresses to a few
// repeated bytes once inflated).
import zlib from 'node:zlib'

export function pngInfo(bytes: Buffer): { width: number; height: number; distinctBytes: number } {
  if (bytes.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG')
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const idat: Buffer[] = []
  let offset = 8
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('ascii', offset + 4, offset + 8)
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length))
    offset += 12 + length
  }
  const raw = zlib.inflateSync(Buffer.concat(idat))
  return { width, height, distinctBytes: new Set(raw).size }
}
