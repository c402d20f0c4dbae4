/**
 * Media files built byte by byte for the upload tests: the formats WeChat's recorder and pickers
 * produce, well-formed (a player decodes the MP3 and WAV; the PDF opens), so the local IM's
 * checks see what a phone would send.
 */

/** The 1x1-ish PNG the other SDK tests send. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEklEQVR4nGP4z8AARAwM/xkYAEGoA/0kiw3SAAAAAElFTkSuQmCC',
  'base64',
)

/**
 * Silent MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono (what RecorderManager writes with
 * format "mp3"): an ID3v2.3 tag, then 417-byte frames whose side information is all zero.
 */
export function silentMp3(seconds: number): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
  const frame = Buffer.alloc(417)
  frame.set([0xff, 0xfb, 0x90, 0xc4])
  const frames = Math.ceil((seconds * 44100) / 1152)
  return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)])
}

/** 16-bit mono PCM in a RIFF/WAVE container (RecorderManager's format "wav"): a 440 Hz tone. */
export function toneWav(seconds: number, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate)
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2)
  }
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8, 'latin1')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'latin1')
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

/**
 * An ISO base media file laid out as a phone's camera writes one (ftyp "isom" with the avc1
 * brand, then the media data). The local IM stores and serves the bytes and never decodes a
 * frame, so the media data here is opaque bytes of the given size.
 */
export function mp4File(mediaBytes: number): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.concat([
      Buffer.from('isom', 'latin1'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isomiso2avc1mp41', 'latin1'),
    ]),
  )
  const media = Buffer.alloc(mediaBytes)
  for (let i = 0; i < mediaBytes; i++) media[i] = (i * 31 + 7) % 256
  return Buffer.concat([ftyp, box('free', Buffer.alloc(0)), box('mdat', media)])
}

/** A one-page PDF with a line of text, its cross-reference table at the right offsets. */
export function onePagePdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 36 96 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, index) => {
    offsets.push(pdf.length)
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = pdf.length
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(pdf, 'latin1')
}
