/**
 * Loads the SDK on first use. tim-wx-sdk probes `wx` while its module is evaluated, so a
 * top-level import would break loading any page module before wx exists (and in jest).
 */
import type { TimStatic } from 'tim-wx-sdk'

// The mini-program runtime's CommonJS require; the app's typings leave it undeclared.
declare const require: (id: string) => unknown

export function loadTimSdk(): TimStatic {
  return require('tim-wx-sdk') as TimStatic
}
