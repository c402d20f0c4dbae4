declare module 'miniprogram-compiler' {
  export function wxmlToJs(
    rootPath: string,
    options?: { maxBuffer?: number; wxmlList?: string[]; wxsList?: string[] },
  ): string
}
declare module 'miniprogram-exparser'
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: Record<string, unknown>)
    readonly window: unknown
  }
}
