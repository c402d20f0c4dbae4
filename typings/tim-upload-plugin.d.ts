/**
 * tim-upload-plugin@1.4.3 is registered with `tim.registerPlugin({ 'tim-upload-plugin': Plugin })`
 * and used by the SDK itself: the app never calls into it. Its bundled index.d.ts is an empty class.
 */
declare module 'tim-upload-plugin' {
  class TIMUploadPlugin {}
  export default TIMUploadPlugin
}
