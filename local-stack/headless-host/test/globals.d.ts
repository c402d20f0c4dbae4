/* eslint-disable @typescript-eslint/no-explicit-any */
// Functions passed to miniProgram.evaluate() run inside the mini-program, where these globals exist.
declare const wx: any
declare function getApp(): any
declare function getCurrentPages(): any[]
