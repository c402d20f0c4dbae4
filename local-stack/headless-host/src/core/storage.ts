// wx storage: in memory, or kept in a JSON file (read at start, written on each change).
import fs from 'node:fs'

export class Storage {
  readonly values = new Map<string, unknown>()

  constructor(private readonly file: string | undefined) {
    if (!file || !fs.existsSync(file)) return
    let saved: unknown
    try {
      saved = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch (error) {
      throw new Error(`storage file ${file} is not valid JSON (${(error as Error).message})`)
    }
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) {
      throw new Error(`storage file ${file} should hold a JSON object of keys and values`)
    }
    for (const [key, value] of Object.entries(saved)) this.values.set(key, value)
  }

  save(): void {
    if (!this.file) return
    // Written aside and renamed, so a host stopped mid-write never leaves half a file.
    const partial = `${this.file}.${process.pid}.partial`
    fs.writeFileSync(partial, JSON.stringify(Object.fromEntries(this.values)))
    fs.renameSync(partial, this.file)
  }
}
