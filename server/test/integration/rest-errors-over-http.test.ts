/** Tencent REST failures surface from the HTTP API as clear JSON errors, never as crashes. */
import { startStack, type Stack } from '../support/stack'

const stacks: Stack[] = []
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()))
})

it('answers 502 im_misconfigured when the IM rejects the server credentials', async () => {
  const stack = await startStack({}, {}, { secretKey: 'the-im-has-another-secret-key-0123' })
  stacks.push(stack)
  const response = await stack.call('POST', '/api/login', { body: { devUser: 'err_user' } })
  expect(response.status).toBe(502)
  expect(response.body).toEqual({
    statusCode: 502,
    code: 'im_misconfigured',
    message: expect.stringContaining('70003'),
  })
})

it('answers 503 im_busy with Retry-After when the IM keeps answering 60007', async () => {
  const stack = await startStack({}, { restMaxRetries: 0 }, { restRateLimitPerSecond: 1 })
  stacks.push(stack)
  const responses = await Promise.all(
    ['busy_a', 'busy_b', 'busy_c'].map((devUser) =>
      stack.call('POST', '/api/login', { body: { devUser } }),
    ),
  )
  const busy = responses.filter((response) => response.status === 503)
  expect(busy.length).toBeGreaterThan(0)
  for (const response of busy) {
    expect(response.body).toMatchObject({ code: 'im_busy' })
    expect(response.headers.get('retry-after')).toBe('1')
  }
  expect(responses.every((response) => [200, 503].includes(response.status))).toBe(true)
})
