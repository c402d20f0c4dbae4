/**
 * 举报 end to end over HTTP: users file reports, floods get 429, bad reports get 4xx and store
 * nothing, and the admin API lists (filtered, paged) and resolves them.
 */
import { startStack, type LoginResult, type Stack } from '../support/stack'
import { testConfig } from '../support/config'

const REPORTS_PER_HOUR = 4
let stack: Stack
let alice: LoginResult

beforeAll(async () => {
  const limits = testConfig().rateLimits
  stack = await startStack({}, { rateLimits: { ...limits, reportPerUser: REPORTS_PER_HOUR } })
  alice = await stack.login('rp_alice')
  await stack.login('rp_mallory')
  await stack.login('rp_trent')
})
afterAll(async () => {
  await stack.close()
})

async function storedReports(): Promise<number> {
  return (await stack.server.app.store.db.selectFrom('reports').select('report_id').execute())
    .length
}

it('files a report that the admin lists and resolves once', async () => {
  const filed = await stack.call('POST', '/api/reports', {
    token: alice.token,
    body: {
      userID: 'rp_mallory',
      reason: 'fraud',
      messageID: '144115233406643804-1727580296-1',
      abstract: '加我微信领红包',
    },
  })
  expect(filed.status).toBe(201)
  expect(filed.body).toEqual({ reportID: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'open' })
  const reportID = filed.body.reportID as string

  const open = await stack.call('GET', '/api/admin/reports?status=open', { admin: true })
  expect(open.status).toBe(200)
  expect(open.body).toMatchObject({ total: 1, limit: 20, offset: 0 })
  expect((open.body.reports as unknown[])[0]).toMatchObject({
    reportID,
    reporterID: 'rp_alice',
    reportedID: 'rp_mallory',
    reason: 'fraud',
    abstract: '加我微信领红包',
    status: 'open',
    resolvedAt: null,
  })

  const resolved = await stack.call('POST', `/api/admin/reports/${reportID}/resolve`, {
    admin: true,
    body: { note: 'account warned' },
  })
  expect(resolved).toMatchObject({
    status: 200,
    body: { status: 'resolved', resolutionNote: 'account warned' },
  })
  const again = await stack.call('POST', `/api/admin/reports/${reportID}/resolve`, {
    admin: true,
    body: {},
  })
  expect(again.body).toMatchObject({
    resolutionNote: 'account warned',
    resolvedAt: resolved.body.resolvedAt,
  })
  expect(
    (await stack.call('GET', '/api/admin/reports?status=open', { admin: true })).body.total,
  ).toBe(0)
  expect(
    (await stack.call('GET', '/api/admin/reports?status=resolved', { admin: true })).body.total,
  ).toBe(1)
})

describe('bad reports are refused and store nothing', () => {
  let before: number
  beforeEach(async () => {
    before = await storedReports()
  })
  afterEach(async () => {
    expect(await storedReports()).toBe(before)
  })

  it.each<[string, Record<string, unknown>, number, string]>([
    ['yourself', { userID: 'rp_alice', reason: 'spam' }, 400, 'invalid_request'],
    ['a user who never logged in', { userID: 'rp_nobody', reason: 'spam' }, 404, 'user_not_found'],
    ['a reason off the list', { userID: 'rp_mallory', reason: 'ugly' }, 400, 'invalid_request'],
    [
      'an unknown field',
      { userID: 'rp_mallory', reason: 'spam', severity: 9 },
      400,
      'invalid_request',
    ],
    [
      'an over-long abstract',
      { userID: 'rp_mallory', reason: 'spam', abstract: 'x'.repeat(501) },
      400,
      'invalid_request',
    ],
    ['a malformed user ID', { userID: 'rp mallory', reason: 'spam' }, 400, 'invalid_request'],
  ])('reporting %s', async (_name, body, status, code) => {
    const answer = await stack.call('POST', '/api/reports', { token: alice.token, body })
    expect(answer).toMatchObject({ status, body: { statusCode: status, code } })
  })

  it('a report without a session token', async () => {
    const answer = await stack.call('POST', '/api/reports', {
      body: { userID: 'rp_mallory', reason: 'spam' },
    })
    expect(answer.status).toBe(401)
  })
})

it('answers a report flood with 429 and Retry-After, storing only the reports within the limit', async () => {
  const trent = await stack.login('rp_trent')
  const statuses: number[] = []
  let retryAfter: string | null = null
  for (let i = 0; i < REPORTS_PER_HOUR + 3; i++) {
    const answer = await stack.call('POST', '/api/reports', {
      token: trent.token,
      body: { userID: 'rp_mallory', reason: 'abuse', abstract: `message ${i}` },
    })
    statuses.push(answer.status)
    if (answer.status === 429) retryAfter = answer.headers.get('retry-after')
  }
  expect(statuses).toEqual([...Array(REPORTS_PER_HOUR).fill(201), 429, 429, 429])
  expect(Number(retryAfter)).toBeGreaterThan(60)
  const mine = await stack.server.app.store.db
    .selectFrom('reports')
    .select('report_id')
    .where('reporter_id', '=', 'rp_trent')
    .execute()
  expect(mine).toHaveLength(REPORTS_PER_HOUR)
})

describe('the admin API', () => {
  it('pages newest first', async () => {
    const all = await stack.call<{
      reports: Array<{ reportID: string; createdAt: number }>
      total: number
    }>('GET', '/api/admin/reports', { admin: true })
    expect(all.body.total).toBeGreaterThanOrEqual(REPORTS_PER_HOUR + 1)
    const times = all.body.reports.map((report) => report.createdAt)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const second = await stack.call<{ reports: Array<{ reportID: string }> }>(
      'GET',
      '/api/admin/reports?limit=2&offset=2',
      {
        admin: true,
      },
    )
    expect(second.body.reports.map((report) => report.reportID)).toEqual(
      all.body.reports.slice(2, 4).map((report) => report.reportID),
    )
  })

  it.each([
    ['no admin token', '/api/admin/reports', false, 401],
    ['a limit over 100', '/api/admin/reports?limit=101', true, 400],
    ['a negative offset', '/api/admin/reports?offset=-1', true, 400],
    ['an unknown status', '/api/admin/reports?status=closed', true, 400],
  ])('refuses %s', async (_name, url, admin, status) => {
    expect((await stack.call('GET', url, { admin })).status).toBe(status)
  })

  it('answers 404 for an unknown report and 400 for a malformed ID', async () => {
    const unknown = await stack.call(
      'POST',
      '/api/admin/reports/00000000-0000-4000-8000-000000000000/resolve',
      {
        admin: true,
        body: {},
      },
    )
    expect(unknown).toMatchObject({ status: 404, body: { code: 'report_not_found' } })
    const malformed = await stack.call('POST', '/api/admin/reports/not-a-uuid/resolve', {
      admin: true,
      body: {},
    })
    expect(malformed.status).toBe(400)
  })
})
