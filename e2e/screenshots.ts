/**
 * `npm run screenshots`: the README's pictures (login, conversations, chat, contacts, me) from a real run of the
 * local IM, the app server and two headless hosts, written to docs/screenshots/*.png. Reuses
 * `E2E_BUILD_DIR=<dir>` when given, otherwise builds the mini-program first (as `npm run e2e` does).
 */
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../scripts/lib/contract-process'
import globalSetup from './global-setup'
import {
  leaveChat,
  loginAsFriends,
  openChatFromContacts,
  sendImage,
  sendText,
  waitForConversation,
  waitForRows,
} from './support/app'
import { ROUTES, type Phone } from './support/phone'
import { writeSolidPng } from './support/png'
import { waitUntil } from './support/wait'
import { World } from './support/world'

const OUT_DIR = path.join(repoRoot, 'docs', 'screenshots')
const MAX_BYTES = 200 * 1024

async function capture(phone: Phone, name: string): Promise<void> {
  // A toast from the previous page (已添加 bob) would cover the picture: wait until it is gone.
  await waitUntil('no toast on screen', async () => (await phone.ui()).toast === null)
  const file = path.join(OUT_DIR, `${name}.png`)
  await phone.miniProgram.screenshot({ path: file })
  const bytes = statSync(file).size
  if (bytes > MAX_BYTES) throw new Error(`${file} is ${bytes} bytes, over the ${MAX_BYTES} budget`)
  console.log(`${path.relative(repoRoot, file)} (${Math.round(bytes / 1024)} KB)`)
}

async function main(): Promise<void> {
  await globalSetup()
  mkdirSync(OUT_DIR, { recursive: true })
  const world = await World.create('readme-screenshots')
  try {
    const [alice, bob] = await Promise.all([world.openPhone('alice'), world.openPhone('bob')])
    await alice.waitForRoute(ROUTES.login)
    await capture(alice, 'login')

    await loginAsFriends(alice, bob)
    await openChatFromContacts(alice, 'bob')
    await sendText(alice, '周末有空吗？一起去爬山吧')
    await openChatFromContacts(bob, 'alice')
    await waitForRows(bob, 'alice’s invitation', (rows) => rows.length === 1)
    await sendText(bob, '好呀！几点出发？')
    const picture = path.join(world.folder, 'route.png')
    writeSolidPng(picture, 160, 120, [76, 175, 230])
    await sendText(alice, '早上八点，路线图发你')
    await sendImage(alice, picture, statSync(picture).size)
    await waitForRows(alice, 'the conversation so far', (rows) =>
      rows.some(
        (row) => row.type === 'image' && row.status === 'sent' && row.statusText === '已读',
      ),
    )
    await capture(alice, 'chat')

    await leaveChat(bob)
    await bob.openTab('conversations')
    await sendText(alice, '记得带水')
    await waitForConversation(bob, 'alice', (c) => c.preview.includes('记得带水') && c.unread === 1)
    await capture(bob, 'conversations')

    await bob.openTab('contacts')
    await capture(bob, 'contacts')
    await bob.openTab('me')
    await bob.element('#my-user-id')
    await capture(bob, 'me')
    await leaveChat(alice)
  } finally {
    await world.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
