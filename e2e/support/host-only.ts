import { currentMode } from './mode'

/**
 * For scenarios that need a control only the headless host has (network switch, background/foreground):
 * under WeChat DevTools they are reported as skipped rather than failing on a missing control.
 */
export const testWithHostControls: jest.It = currentMode().kind === 'host' ? test : test.skip
