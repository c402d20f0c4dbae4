import { appShown, startApp } from './flows/app'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    startApp()
  },
  onShow() {
    appShown()
  },
})
