import { im } from './im/index'
import { auth } from './services/auth'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // Logs in again with stored credentials; the login page moves on once the session is ready.
    auth.restore().catch((error: unknown) => console.warn('auto-login failed', error))
  },
  onShow() {
    // Back from the background: the socket may have been closed while suspended.
    im.resync().catch((error: unknown) => console.warn('resync failed', error))
  },
})
