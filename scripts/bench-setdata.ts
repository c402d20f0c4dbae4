/**
 * `npm run bench:setdata`: the chat page rendered by miniprogram-simulate (official WXML compiler + exparser)
 * with 5,000 messages in chatStore, then one incoming message delivered the way the IM door delivers it
 * (chatStore.upsertMessages, then the page's message-notify callback, which scrolls to it). Prints the setData calls and bytes each step costs and the page's WXML nodes.
 * Budget: one setData of ≤ 2 KB per incoming message, ≤ 1,000 nodes. Exits 1 when over.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  countNodes,
  flush,
  miniprogramRoot,
  recordSetData,
  renderComponent,
  type SetDataCall,
} from './lib/simulate-host'

/** The few store and model members the bench drives, typed here to keep scripts independent of the app's types. */
interface MessageViewLike {
  id: string
  conversationID: string
  flow: 'in' | 'out'
  from: string
  type: 'text'
  text: string
  time: number
  status: 'sent'
  isRead: boolean
  isRevoked: boolean
  revocable: boolean
}
interface ChatStoreLike {
  prependHistory(id: string, views: MessageViewLike[], cursor: string, done: boolean): void
  upsertMessages(id: string, views: MessageViewLike[]): void
}

const SETDATA_BUDGET_BYTES = 2 * 1024
const NODE_BUDGET = 1_000

function appModule<T>(relative: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(miniprogramRoot, relative)) as T
}

function describe(calls: SetDataCall[]): string {
  const bytes = calls.reduce((sum, call) => sum + call.bytes, 0)
  const keys = calls.map((call) => call.keys.join(', ')).join(' | ')
  return `${calls.length} setData, ${bytes} bytes${keys ? `  [${keys}]` : ''}`
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { messages: { type: 'string' } }, strict: true })
  const total = Number(values.messages ?? 5_000)
  if (!Number.isInteger(total) || total < 1)
    throw new Error('--messages must be a positive integer')

  const { chatStore } = appModule<{ chatStore: ChatStoreLike }>('stores/chat')
  const { runInAction } = appModule<{ runInAction: (fn: () => void) => void }>('stores/mobx')
  const { c2cConversationID } = appModule<{ c2cConversationID: (peer: string) => string }>(
    'models/mapping',
  )
  const { im } = appModule<{ im: Record<string, unknown> }>('im/index')
  // Nobody is logged in here: the page's calls to open the conversation and mark it read have no
  // server to reach, and their failures are not what this bench measures.
  im.openConversation = async (peerID: string) => c2cConversationID(peerID)
  im.markConversationRead = async () => undefined
  im.closeConversation = () => undefined
  // The callback the page installs on show, to deliver the message to it as the IM door does.
  type Notify = (messages: readonly MessageViewLike[]) => void
  let notify: Notify | undefined
  const install = im.setMessageNotify as (callback: Notify) => () => void
  im.setMessageNotify = (callback: Notify) => {
    notify = callback
    return install(callback)
  }

  const peer = 'bob'
  const conversationID = c2cConversationID(peer)
  const start = Date.now() - total * 30_000
  const message = (index: number, text = `第 ${index} 条消息，内容长度和平时聊天差不多`) =>
    Object.freeze({
      id: `144115233851380013-${1_700_000_000 + index}-${10_000_000 + index}`,
      conversationID,
      flow: index % 3 === 0 ? 'out' : 'in',
      from: index % 3 === 0 ? 'alice' : peer,
      type: 'text',
      text,
      time: start + index * 30_000,
      status: 'sent',
      isRead: true,
      isRevoked: false,
      revocable: false,
    }) as MessageViewLike
  const history = Array.from({ length: total }, (_, index) => message(index))
  runInAction(() => chatStore.prependHistory(conversationID, history, 'older-cursor', false))

  const page = renderComponent('package-chat/pages/chat/index')
  const recorder = recordSetData(page)
  ;(page.instance.onLoad as (query: object) => void)({ peerID: peer })
  ;(page.instance.onShow as () => void)()
  await flush()
  const openCalls = [...recorder.calls]
  const rows = (page.data.items as unknown[]).length
  const nodesAfterOpen = countNodes(page)

  recorder.reset()
  const incoming = message(total, '刚收到的一条新消息')
  runInAction(() => chatStore.upsertMessages(conversationID, [incoming]))
  notify?.([incoming])
  await flush()
  const incomingCalls = [...recorder.calls]
  const nodesAfterIncoming = countNodes(page)

  recorder.reset()
  const list = page.querySelector('#message-list')!
  list.dispatchEvent('scrolltoupper')
  await flush()
  const pagingCalls = [...recorder.calls]
  const nodesAfterPaging = countNodes(page)

  // Keep paging up until the window stops growing: the largest page the chat ever renders.
  let largestRows = (page.data.items as unknown[]).length
  for (;;) {
    list.dispatchEvent('scrolltoupper')
    await flush()
    const rowsNow = (page.data.items as unknown[]).length
    if (rowsNow <= largestRows) break
    largestRows = rowsNow
  }
  const nodesAtLargest = countNodes(page)

  const wholeListBytes = Buffer.byteLength(JSON.stringify({ items: [...history] }), 'utf8')

  const incomingBytes = incomingCalls.reduce((sum, call) => sum + call.bytes, 0)
  const maxNodes = Math.max(nodesAfterOpen, nodesAfterIncoming, nodesAfterPaging, nodesAtLargest)
  console.log(`chat page, ${total} messages in chatStore`)
  console.log(`  open:              ${describe(openCalls).slice(0, 160)}; ${rows} rows rendered`)
  console.log(`  one incoming:      ${describe(incomingCalls)}`)
  console.log(`  scroll to top:     ${describe(pagingCalls).slice(0, 160)}`)
  console.log(
    `  WXML nodes:        ${nodesAfterOpen} after open, ${nodesAfterIncoming} after the incoming message, ${nodesAfterPaging} after one page up`,
  )
  console.log(`  largest window:    ${largestRows} rows, ${nodesAtLargest} WXML nodes`)
  console.log(
    `  for comparison:    re-sending the whole list would be one setData of ${wholeListBytes} bytes`,
  )
  const problems: string[] = []
  if (incomingCalls.length !== 1)
    problems.push(`incoming message cost ${incomingCalls.length} setData`)
  if (incomingBytes > SETDATA_BUDGET_BYTES)
    problems.push(`incoming setData ${incomingBytes} B > 2 KB`)
  if (maxNodes > NODE_BUDGET) problems.push(`${maxNodes} WXML nodes > ${NODE_BUDGET}`)
  console.log(problems.length === 0 ? 'within budget' : `OVER BUDGET: ${problems.join('; ')}`)
  page.detach()
  process.exit(problems.length === 0 ? 0 : 1)
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  process.exit(1)
})
