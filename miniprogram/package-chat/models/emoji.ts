/**
 * The emoji panel's content (Unicode emoji, grouped as WeChat's keyboard groups them), the recently-used
 * list, and what counts as an emoji-only message (rendered large, as WeChat does).
 */

export interface EmojiGroup {
  readonly name: string
  readonly emoji: readonly string[]
}

/** Space-separated so each entry (modifiers, ZWJ sequences) stays one string. */
function list(text: string): readonly string[] {
  return Object.freeze(text.split(' '))
}

export const EMOJI_GROUPS: readonly EmojiGroup[] = Object.freeze([
  {
    name: '笑脸',
    emoji: list(
      '😀 😃 😄 😁 😆 😅 😂 🤣 😊 😇 🙂 🙃 😉 😌 😍 🥰 😘 😗 😋 😛 😜 🤪 😝 🤑 🤗 🤭 🤫 🤔 🤐 🤨 😐 😑 😶 😏 😒 🙄 😬 😔 😪 🤤 😴 😷 🤒 🤕 🤢 🤮 🥵 🥶 😵 🤯 🥳 😎 🤓 😕 😟 🙁 😮 😯 😲 😳 🥺 😦 😧 😨 😰 😥 😢 😭 😱 😖 😣 😞 😓 😩 😫 🥱 😤 😡 😠 🤬',
    ),
  },
  {
    name: '手势',
    emoji: list(
      '👍 👎 👌 ✌️ 🤞 🤟 🤘 🤙 👈 👉 👆 👇 ☝️ ✋ 🤚 🖐️ 🖖 👋 👏 🙌 👐 🤲 🤝 🙏 ✍️ 💪 👀 👄 ❤️ 🧡 💛 💚 💙 💜 🖤 💔 💯 💢 💥 💦 💤',
    ),
  },
  {
    name: '动物',
    emoji: list(
      '🐶 🐱 🐭 🐹 🐰 🦊 🐻 🐼 🐨 🐯 🦁 🐮 🐷 🐸 🐵 🙈 🙉 🙊 🐔 🐧 🐦 🐤 🦆 🦉 🐺 🐴 🦄 🐝 🦋 🐌 🐞 🐢 🐍 🐙 🐠 🐬 🐳 🌹 🌸 🌻 🌈 ☀️ 🌙 ⭐ 🔥 ❄️',
    ),
  },
  {
    name: '食物',
    emoji: list(
      '🍎 🍐 🍊 🍋 🍌 🍉 🍇 🍓 🍒 🍑 🥭 🍍 🥝 🍅 🥑 🌽 🌶️ 🍞 🧀 🍳 🍔 🍟 🍕 🌭 🥪 🍜 🍝 🍣 🍱 🥟 🍚 🍙 🍦 🍰 🎂 🍫 🍬 🍭 ☕ 🍵 🍺 🍻 🥂 🍷',
    ),
  },
  {
    name: '物品',
    emoji: list(
      '🎉 🎊 🎁 🎈 🧧 🏮 ⚽ 🏀 🎮 🎵 🎤 🎧 📱 💻 📷 💡 📚 ✏️ 📌 📎 🔑 💰 💊 🚗 🚲 ✈️ 🚀 🏠 ⏰ ☂️ ✅ ❌ ❓ ❗ 🆗 🇨🇳',
    ),
  },
])

/** How many recently used emoji the panel keeps, newest first. */
export const RECENT_EMOJI_MAX = 16

/** The recent list after `emoji` was used: it moves (or comes) to the front; the list stays bounded. */
export function withRecent(recent: readonly string[], emoji: string): string[] {
  return [emoji, ...recent.filter((item) => item !== emoji)].slice(0, RECENT_EMOJI_MAX)
}

/**
 * One emoji as the user sees it: a pictograph with its variation selector, skin-tone modifier, keycap or
 * ZWJ-joined parts, or a flag (two regional indicators).
 */
const EMOJI =
  '(?:\\p{Regional_Indicator}{2}|[#*0-9]\\uFE0F?\\u20E3|\\p{Extended_Pictographic}\\uFE0F?\\p{Emoji_Modifier}?(?:\\u200D\\p{Extended_Pictographic}\\uFE0F?\\p{Emoji_Modifier}?)*)'
const EMOJI_ONLY = new RegExp(`^(?:${EMOJI}\\s*){1,3}$`, 'u')
const LAST_EMOJI = new RegExp(`${EMOJI}$`, 'u')

/** A text of one to three emoji and nothing else (spaces aside) is shown large, without a bubble. */
export function isBigEmoji(text: string): boolean {
  const trimmed = text.trim()
  return trimmed !== '' && EMOJI_ONLY.test(trimmed)
}

/** The text without its last character as the user sees it: a whole emoji, or one code point. */
export function withoutLastSymbol(text: string): string {
  const emoji = LAST_EMOJI.exec(text)
  if (emoji) return text.slice(0, emoji.index)
  const points = Array.from(text)
  points.pop()
  return points.join('')
}
