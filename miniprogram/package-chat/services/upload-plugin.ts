/**
 * tim-upload-plugin ships in this subpackage (the build packs it into `package-chat/miniprogram_npm`), not in
 * the main package: only the chat uploads, and the main package is held to 800 KB. The chat hands it to the IM
 * door when it opens.
 */

// The mini-program runtime's CommonJS require; the app's typings leave it undeclared.
declare const require: (id: string) => unknown

export function loadUploadPlugin(): unknown {
  return require('tim-upload-plugin')
}
