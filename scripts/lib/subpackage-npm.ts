/**
 * npm packages only one subpackage uses. They are packed with the others (so a project opened in DevTools and
 * built there with 工具 → 构建 npm still finds them in the root `miniprogram_npm`), then moved under that
 * subpackage's own `miniprogram_npm`, where WeChat's require looks first: the main package, held to 800 KB,
 * does not carry them. Only modules inside that subpackage may require them.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import path from 'node:path'

export const SUBPACKAGE_NPM: Readonly<Record<string, string>> = {
  // Uploads (pictures, voices, videos, files) happen only in the chat.
  'tim-upload-plugin': 'package-chat',
}

/** Moves each listed package of `miniprogramDir/miniprogram_npm` under its subpackage; returns what moved. */
export function moveSubpackageNpm(miniprogramDir: string): string[] {
  const moved: string[] = []
  for (const [name, root] of Object.entries(SUBPACKAGE_NPM)) {
    const from = path.join(miniprogramDir, 'miniprogram_npm', name)
    if (!existsSync(from)) continue
    const to = path.join(miniprogramDir, root, 'miniprogram_npm', name)
    mkdirSync(path.dirname(to), { recursive: true })
    renameSync(from, to)
    moved.push(`${name} → ${root}/miniprogram_npm`)
  }
  return moved
}
