// The part of Less (a dependency of miniprogram-ci here) the Vant copy script uses.
declare module 'less' {
  const less: {
    render(input: string, options: { filename: string; paths: string[] }): Promise<{ css: string }>
  }
  export default less
}
