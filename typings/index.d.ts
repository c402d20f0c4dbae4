/** Global types of the mini-program that are not in miniprogram-api-typings. */

interface IAppOption {
  globalData: Record<string, never>
}

/** Query strings the pages are opened with. */
interface ChatPageQuery {
  peerID?: string
  conversationID?: string
  nick?: string
}
