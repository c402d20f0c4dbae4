// What other workspaces' specs may use from the server's test support (`@tim-c2c/server/testing`): real image
// bytes for avatar uploads and the local stand-in for WeChat's code2Session. At the package root so that test
// projects resolving without package `exports` find the same file.
export { GIF_IMAGE, jpegImage, multipartBody, pngImage } from './test/support/images'
export { startWechatStandIn, type WechatStandIn } from './test/support/wechat-stand-in'
