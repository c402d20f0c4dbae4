/** The word list's matching and Tencent's callback signature, against the documented example. */
import { DEFAULT_WORDS, WordList, normalizeForMatch } from '../../src/content/word-list'
import { callbackSign, checkCallbackAuth } from '../../src/tencent/callback-auth'

describe('callback signature', () => {
  it("matches Tencent's documented example (token xxxxyyyy, RequestTime 1669872112)", () => {
    expect(callbackSign('xxxxyyyy', '1669872112')).toBe(
      '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061',
    )
  })

  const expected = { token: 'xxxxyyyy', sdkAppID: 1400000001, nowSeconds: 1669872112 }
  const signed = {
    SdkAppid: '1400000001',
    RequestTime: '1669872112',
    Sign: '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061',
  }

  it('accepts a signed request within a minute either way', () => {
    expect(checkCallbackAuth(signed, expected)).toBeUndefined()
    expect(checkCallbackAuth(signed, { ...expected, nowSeconds: 1669872112 + 60 })).toBeUndefined()
    expect(checkCallbackAuth(signed, { ...expected, nowSeconds: 1669872112 - 60 })).toBeUndefined()
  })

  it.each([
    ['no token configured', signed, { token: undefined }, 'callback_disabled'],
    ['another app', { ...signed, SdkAppid: '1400000002' }, {}, 'wrong_sdkappid'],
    ['no Sign', { ...signed, Sign: undefined }, {}, 'callback_unsigned'],
    ['no RequestTime', { ...signed, RequestTime: undefined }, {}, 'callback_unsigned'],
    ['RequestTime not a number', { ...signed, RequestTime: '16698x' }, {}, 'callback_unsigned'],
    ['replayed 61 s later', signed, { nowSeconds: 1669872112 + 61 }, 'callback_expired'],
    ['wrong token', signed, { token: 'xxxxyyyz' }, 'callback_bad_sign'],
    ['truncated Sign', { ...signed, Sign: signed.Sign.slice(1) }, {}, 'callback_bad_sign'],
  ])('refuses %s', (_name, query, change, code) => {
    expect(checkCallbackAuth(query, { ...expected, ...change })?.code).toBe(code)
  })
})

describe('word list', () => {
  const words = new WordList(['free money', '刷单返利', '   ', '#x'])

  it('matches through width, case, spacing and punctuation', () => {
    expect(normalizeForMatch('Ｆｒｅｅ, Money!')).toBe('freemoney')
    expect(words.find('get F.R.E.E  m o n e y now')).toBe('freemoney')
    expect(words.find('刷 单 返 利，日入千元')).toBe('刷单返利')
    expect(words.find('hello, 你好')).toBeUndefined()
  })

  it('ignores blank entries and ships a non-empty default', () => {
    expect(words.size).toBe(3)
    expect(new WordList(DEFAULT_WORDS).find('加微信领红包啦')).toBeDefined()
  })
})
