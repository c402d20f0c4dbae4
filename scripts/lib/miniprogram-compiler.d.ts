// WeChat's WXML/WXSS compilers (wcc, wcsc) as the miniprogram-compiler package exposes them; it ships no typings.
declare module 'miniprogram-compiler' {
  /** Compiles every listed WXML (and WXS) file at once; throws with wcc's message on the first error. */
  export function wxmlToJs(
    rootPath: string,
    options?: { maxBuffer?: number; wxmlList?: string[]; wxsList?: string[] },
  ): string
}
