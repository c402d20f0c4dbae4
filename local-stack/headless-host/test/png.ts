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

/** The colour of one pixel of an 8-bit RGB or RGBA PNG (what Chromium writes), as [r, g, b]. */
export function pixelAt(bytes: Buffer, x: number, y: number): [number, number, number] {
  const { width, height } = pngInfo(bytes)
  const colorType = bytes[25]
  if (bytes[24] !== 8 || (colorType !== 2 && colorType !== 6))
    throw new Error('only 8-bit RGB(A) PNGs are read here')
  const channels = colorType === 6 ? 4 : 3
  const idat: Buffer[] = []
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset)
    if (bytes.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(bytes.subarray(offset + 8, offset + 8 + length))
    offset += 12 + length
  }
  const raw = zlib.inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const rows: Buffer[] = []
  for (let row = 0; row <= Math.min(y, height - 1); row++) {
    const filter = raw[row * (stride + 1)] ?? 0
    const line = Buffer.from(raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1)))
    const previous = rows[row - 1]
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? (line[i - channels] ?? 0) : 0
      const up = previous?.[i] ?? 0
      const upLeft = i >= channels ? (previous?.[i - channels] ?? 0) : 0
      const predictor =
        filter === 1
          ? left
          : filter === 2
            ? up
            : filter === 3
              ? (left + up) >> 1
              : filter === 4
                ? paeth(left, up, upLeft)
                : 0
      line[i] = ((line[i] ?? 0) + predictor) & 0xff
    }
    rows.push(line)
  }
  const line = rows[y]
  if (!line) throw new Error(`row ${y} is outside the picture`)
  const at = x * channels
  return [line[at] ?? 0, line[at + 1] ?? 0, line[at + 2] ?? 0]
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft
  const toLeft = Math.abs(estimate - left)
  const toUp = Math.abs(estimate - up)
  const toUpLeft = Math.abs(estimate - upLeft)
  if (toLeft <= toUp && toLeft <= toUpLeft) return left
  return toUp <= toUpLeft ? up : upLeft
}
