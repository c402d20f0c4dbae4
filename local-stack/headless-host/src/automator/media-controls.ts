// Test-facing controls for what a person does with media and permissions: the microphone's recording, files in
// their WeChat chats, the iOS silent switch, a call interrupting a recording, the answers to authorization
// popups and the settings page; and the media state a test reads.
import fs from 'node:fs'
import path from 'node:path'
import type { PopupAnswer } from '../core/permissions'
import type { AutomatorHost, Controls } from './host'

function existingFiles(control: string, files: unknown): string[] {
  if (!Array.isArray(files)) throw new Error(`${control} needs {files: string[]} (absolute paths)`)
  for (const file of files) {
    if (typeof file !== 'string' || !path.isAbsolute(file) || !fs.existsSync(file))
      throw new Error(`${control}: ${String(file)} is not an existing absolute path`)
  }
  return files as string[]
}

export function createMediaControls(host: Pick<AutomatorHost, 'media' | 'permissions'>): Controls {
  const { media, permissions } = host
  return {
    /** `{file, durationMs?}`: the audio file the microphone hears; durationMs: how long the person speaks. */
    setRecording: (data) => {
      if (data.file === null) return void (media.recording = undefined)
      const [file] = existingFiles('setRecording', [data.file])
      const durationMs = data.durationMs
      if (durationMs !== undefined && (typeof durationMs !== 'number' || !(durationMs >= 0)))
        throw new Error('setRecording: durationMs should be a number ≥ 0')
      media.recording = { file: file as string, durationMs }
    },
    /** A call takes the microphone (`{}`: onInterruptionBegin, then the recording pauses) or gives it back (`{ended: true}`). */
    interruptRecording: (data) => media.interruptRecording(data.ended === true),
    setChooseMessageFiles: (data) => {
      media.messageFiles = existingFiles('setChooseMessageFiles', data.files)
    },
    setSilentSwitch: (data) => {
      if (typeof data.on !== 'boolean') throw new Error('setSilentSwitch needs {on: boolean}')
      media.silentSwitch = data.on
    },
    getAudioState: () => media.audioState(),
    /** `{'scope.record': 'allow' | 'deny', …}`: what the person answers when a popup asks for the scope. */
    setAuthorize: (data) => {
      const answers: Record<string, PopupAnswer> = {}
      for (const [scope, answer] of Object.entries(data)) {
        if (answer !== 'allow' && answer !== 'deny')
          throw new Error(`setAuthorize: ${scope} should be 'allow' or 'deny'`)
        answers[scope] = answer
      }
      permissions.setPopupAnswers(answers)
    },
    /** `{'scope.record': true | false, …}`: what the person switches when the settings page opens. */
    setOpenSetting: (data) => {
      const choices: Record<string, boolean> = {}
      for (const [scope, on] of Object.entries(data)) {
        if (typeof on !== 'boolean')
          throw new Error(`setOpenSetting: ${scope} should be true or false`)
        choices[scope] = on
      }
      permissions.setSettingsChoices(choices)
    },
    getMediaState: () => ({
      authSetting: { ...permissions.authSetting },
      authorizePrompts: [...permissions.prompts],
      settingsOpened: permissions.settingsOpened,
      documents: [...media.documents],
      sharedFiles: [...media.sharedFiles],
      mediaRequests: [...media.mediaRequests],
    }),
  }
}
