import { appShown, startApp, unhandledRejection } from './flows/app'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    startApp()
  },
  onShow() {
    appShown()
  },
  onUnhandledRejection(result) {
    unhandledRejection(result.reason)
  },
})
