/** Played voices are remembered in the phone's storage (the harness wx's), across launches, and bounded. */
import { MAX_PLAYED_VOICES, playedVoices } from '../played-voices'

const KEY = 'chat.playedVoices'

beforeEach(() => {
  wx.removeStorageSync(KEY)
  playedVoices.reset()
})

test('a played voice stays played after a relaunch (the list comes back from storage)', () => {
  expect(playedVoices.has('144115233898876737-1764340000-1')).toBe(false)
  playedVoices.markPlayed('144115233898876737-1764340000-1')
  expect(playedVoices.has('144115233898876737-1764340000-1')).toBe(true)
  playedVoices.reset()
  expect(playedVoices.has('144115233898876737-1764340000-1')).toBe(true)
  expect(JSON.parse(wx.getStorageSync(KEY) as string)).toEqual(['144115233898876737-1764340000-1'])
})

test(`at most ${MAX_PLAYED_VOICES} are kept: the oldest played go first`, () => {
  for (let index = 0; index < MAX_PLAYED_VOICES + 20; index += 1)
    playedVoices.markPlayed(`v${index}`)
  playedVoices.markPlayed('v30')
  playedVoices.reset()
  const stored = JSON.parse(wx.getStorageSync(KEY) as string) as string[]
  expect(stored).toHaveLength(MAX_PLAYED_VOICES)
  expect(stored[0]).toBe('v20')
  expect(playedVoices.has('v19')).toBe(false)
  expect(playedVoices.has(`v${MAX_PLAYED_VOICES + 19}`)).toBe(true)
})

test('a broken entry reads as nothing played', () => {
  wx.setStorageSync(KEY, '{not json')
  expect(playedVoices.has('v1')).toBe(false)
  playedVoices.markPlayed('v1')
  playedVoices.reset()
  expect(playedVoices.has('v1')).toBe(true)
})
