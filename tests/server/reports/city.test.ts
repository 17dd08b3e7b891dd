import { and, eq } from 'drizzle-orm';
import {
  auditLog,
  cityForwards,
  reportCategories,
  reports,
  reportUpdates,
} from '../../../server/src/db/schema/index.js';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { loadConfig } from '../../../server/src/platform/config.js';
import {
  createReportsContext,
  forwardDue,
  pollCity,
  queueOverdueForwards,
  reportMarker,
  runCityPass,
} from '../../../server/src/reports/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { startFakeOpen311, type FakeOpen311 } from '../../support/fake-open311.js';
import { expectError } from '../../support/http.js';
import { act, call, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

const MIN = 60_000;

describe('转交12345: reports forwarded to the city’s Open311 endpoint, and its status polled back', () => {
  let fake: FakeOpen311;
  let t: TestContext;
  let w: ReportWorld;
  let clock = Date.now();
  const now = () => new Date(clock);
  let ctx: ReturnType<typeof createReportsContext>;
  const env = () => ({
    CITY_OPEN311_URL: fake.baseUrl,
    CITY_OPEN311_API_KEY: 'city-key-123',
    CITY_OPEN311_JURISDICTION_ID: 'bj.chaoyang',
    CITY_OPEN311_TIMEOUT_MS: '300',
    CITY_OPEN311_MAX_ATTEMPTS: '4',
    CITY_OPEN311_BACKOFF_MS: String(MIN),
    CITY_OPEN311_POLL_INTERVAL_MS: String(5 * MIN),
    OPEN311_PUBLIC_URL: 'https://api.nuanxin.example',
  });

  beforeAll(async () => {
    fake = await startFakeOpen311({ apiKey: 'city-key-123', jurisdictionId: 'bj.chaoyang', now });
    t = await buildTestApp(env(), { now });
    w = await createReportWorld(t.db);
    ctx = createReportsContext(t.db, t.config, now);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const newReport = async (category = w.category.pothole.code, point = w.points.a1) => {
    const res = await submit(t.app, w.rider, { category, point });
    expect(res.statusCode).toBe(201);
    return res.json().report.id as string;
  };
  const forwardOf = async (reportId: string) =>
    (await t.db.select().from(cityForwards).where(eq(cityForwards.reportId, reportId)))[0];
  /** POSTs the fake city received for this report (our marker is in the description). */
  const postsFor = (reportId: string) =>
    fake.calls.filter((c) => c.method === 'POST' && c.form?.get('description')?.includes(reportMarker(reportId)));
  const cityRequestsFor = (reportId: string) =>
    fake.requests.filter((r) => r.description.includes(reportMarker(reportId)));
  const timeline = async (reportId: string) =>
    (await t.db.select().from(reportUpdates).where(eq(reportUpdates.reportId, reportId))).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    );

  it('a city-level category (set by a district admin, audited) is queued at submit and POSTed once as the standard’s form', async () => {
    const patch = await call(t.app, w.adminA, 'PATCH', `/api/v1/staff/report-categories/${w.category.signal.id}`, {
      cityLevel: true,
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().cityLevel).toBe(true);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'category.update'), eq(auditLog.targetId, w.category.signal.id)));
    expect(audit).toBeDefined();
    // An operator cannot change it.
    expectError(
      await call(t.app, w.operatorA1, 'PATCH', `/api/v1/staff/report-categories/${w.category.signal.id}`, {
        cityLevel: false,
      }),
      403,
      'FORBIDDEN',
    );

    const id = await newReport(w.category.signal.code);
    expect(await forwardOf(id)).toMatchObject({ reason: 'city_category', state: 'pending', attempts: 0 });
    // A normal category is not queued at submit.
    const plain = await newReport();
    expect(await forwardOf(plain)).toBeUndefined();

    const result = await forwardDue(ctx);
    expect(result.forwarded).toBeGreaterThanOrEqual(1);
    const [post] = postsFor(id);
    expect(postsFor(id)).toHaveLength(1);
    expect(post!.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(post!.form!.get('api_key')).toBe('city-key-123');
    expect(post!.form!.get('jurisdiction_id')).toBe('bj.chaoyang');
    expect(post!.form!.get('service_code')).toBe(w.category.signal.code);
    // WGS-84 on the wire: GCJ-02 shifted back by a few hundred metres.
    expect(Math.abs(Number(post!.form!.get('lat')) - w.points.a1.lat)).toBeGreaterThan(0.0005);
    expect(Math.abs(Number(post!.form!.get('lat')) - w.points.a1.lat)).toBeLessThan(0.01);
    expect(post!.form!.get('description')).toContain('信号灯故障');
    // The rider's photo as the standard's media_url: our public address, signed for a week.
    const media = new URL(post!.form!.get('media_url')!);
    expect(media.origin).toBe('https://api.nuanxin.example');
    expect(media.pathname).toMatch(/^\/media\/photos\/[0-9a-f-]{36}\/display\.jpg$/);
    expect(Number(media.searchParams.get('exp')) * 1000).toBeGreaterThanOrEqual(clock + 7 * 24 * 3600_000);
    const photo = await t.app.inject({ method: 'GET', url: `${media.pathname}${media.search}` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');

    const row = await forwardOf(id);
    const srId = cityRequestsFor(id)[0]!.service_request_id;
    expect(row).toMatchObject({ state: 'forwarded', serviceRequestId: srId, maybeSent: false, attempts: 1 });
    const last = (await timeline(id)).at(-1)!;
    expect(last).toMatchObject({ action: 'city_forward', actorRole: 'city', toState: null });
    expect(last.note).toContain(srId);

    // The rider sees it went to the city, not the attempts; staff see both.
    const mine = (await call(t.app, w.rider, 'GET', `/api/v1/reports/${id}`)).json();
    expect(mine.cityForward).toEqual({
      state: 'forwarded',
      reason: 'city_category',
      serviceRequestId: srId,
      cityStatus: null,
      cityStatusNotes: null,
      forwardedAt: now().toISOString(),
    });
    expect(mine.canForwardToCity).toBeUndefined();
    const staff = (await call(t.app, w.operatorA1, 'GET', `/api/v1/reports/${id}`)).json();
    expect(staff.cityForward).toMatchObject({ attempts: 1, lastError: null });
    expect(staff.canForwardToCity).toBe(false);

    // A second pass sends nothing more.
    await forwardDue(ctx);
    expect(postsFor(id)).toHaveLength(1);
  });

  it('a report not accepted in time is forwarded once (mapped service code); one accepted in time is not', async () => {
    const late = await newReport(w.category.manhole.code, w.points.a2);
    const accepted = await newReport(w.category.manhole.code, w.points.a2);
    expect((await act(t.app, w.operatorA2, accepted, { action: 'accept' })).statusCode).toBe(200);
    // 30 minutes to accept + 60 minutes' grace: not yet at 80 minutes.
    clock += 80 * MIN;
    await runCityPass(ctx);
    expect(await forwardOf(late)).toBeUndefined();
    clock += 15 * MIN;
    const mapped = {
      ...ctx,
      config: {
        ...ctx.config,
        city: loadConfig({
          ...env(),
          CITY_OPEN311_SERVICE_CODES: `${w.category.manhole.code}:M-201`,
        }).city,
      },
    };
    const [a, b] = await Promise.all([queueOverdueForwards(mapped), queueOverdueForwards(mapped)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await forwardOf(late)).toMatchObject({ reason: 'overdue', serviceCode: 'M-201' });
    expect(await forwardOf(accepted)).toBeUndefined();
    await runCityPass(ctx);
    await runCityPass(ctx);
    expect(postsFor(late)).toHaveLength(1);
    expect(postsFor(late)[0]!.form!.get('service_code')).toBe('M-201');
    expect((await forwardOf(late))!.state).toBe('forwarded');
    expect((await timeline(late)).at(-1)!.note).toContain('街道超时未受理');
  });

  it('retries after a 5xx and a timeout with doubling backoff, then adopts nothing twice', async () => {
    const id = await newReport(w.category.signal.code);
    fake.postFaults.push({ kind: 'status', status: 500, description: 'database down' }, { kind: 'hang', ms: 1500 });
    await forwardDue(ctx);
    let row = (await forwardOf(id))!;
    expect(row).toMatchObject({ state: 'pending', attempts: 1, maybeSent: false, lockedUntil: null });
    expect(row.lastError).toContain('HTTP 500');
    expect(row.lastError).toContain('database down');
    expect(row.nextAttemptAt.getTime()).toBe(clock + MIN);

    // Not due yet: nothing is sent.
    await forwardDue(ctx);
    expect(postsFor(id)).toHaveLength(1);

    clock += MIN;
    await forwardDue(ctx); // the city hangs past the client's timeout
    row = (await forwardOf(id))!;
    expect(row).toMatchObject({ state: 'pending', attempts: 2, maybeSent: true });
    expect(row.lastError).toContain('timeout');
    expect(row.nextAttemptAt.getTime()).toBe(clock + 2 * MIN);

    clock += 2 * MIN;
    const gets = fake.calls.filter((c) => c.method === 'GET').length;
    await forwardDue(ctx);
    // The attempt after a timeout looked the request up first (by service code and window).
    const lookups = fake.calls.slice(0).filter((c) => c.method === 'GET' && c.query.get('service_code'));
    expect(fake.calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(gets);
    expect(lookups.at(-1)!.query.get('service_code')).toBe(w.category.signal.code);
    expect((await forwardOf(id))!.state).toBe('forwarded');
    expect(postsFor(id)).toHaveLength(3);
    expect(cityRequestsFor(id)).toHaveLength(1);
  });

  it('a POST the city created but whose answer never came is found again, not posted twice', async () => {
    const id = await newReport(w.category.signal.code);
    fake.postFaults.push({ kind: 'create-then-hang', ms: 1500 });
    await forwardDue(ctx);
    expect(cityRequestsFor(id)).toHaveLength(1);
    expect((await forwardOf(id))!).toMatchObject({ state: 'pending', maybeSent: true });
    clock += MIN;
    await forwardDue(ctx);
    expect(postsFor(id)).toHaveLength(1);
    expect(cityRequestsFor(id)).toHaveLength(1);
    expect((await forwardOf(id))!).toMatchObject({
      state: 'forwarded',
      serviceRequestId: cityRequestsFor(id)[0]!.service_request_id,
    });
  });

  it('a crash between claiming and recording (lease expired, maybe sent) also looks up before posting', async () => {
    const id = await newReport(w.category.signal.code);
    // The process died after the claim: attempts 1, maybe_sent, a lease that ran out; the city has it.
    await forwardDue(ctx, { limit: 0 });
    await t.db
      .update(cityForwards)
      .set({ attempts: 1, maybeSent: true, firstAttemptAt: now(), lockedUntil: new Date(clock - 1) })
      .where(eq(cityForwards.reportId, id));
    fake.requests.push({
      service_request_id: 'SR-crash-1',
      service_code: w.category.signal.code,
      description: `【信号灯故障】（${reportMarker(id)}）`,
      lat: 39.9,
      long: 116.4,
      status: 'open',
      status_notes: null,
      requested_datetime: now().toISOString(),
      updated_datetime: now().toISOString(),
    });
    await forwardDue(ctx);
    expect(postsFor(id)).toHaveLength(0);
    expect((await forwardOf(id))!).toMatchObject({ state: 'forwarded', serviceRequestId: 'SR-crash-1', attempts: 2 });
  });

  it('gives up (dead) after the last attempt, and at once when the city refuses with a 4xx', async () => {
    const flaky = await newReport(w.category.signal.code);
    const refused = await newReport(w.category.signal.code);
    // Only these two are pending now; send them one at a time, in order.
    fake.postFaults.push({ kind: 'status', status: 400, code: 400, description: 'service_code unknown' });
    await forwardDue(ctx, { limit: 1 });
    for (let i = 0; i < 4; i++) {
      fake.postFaults.push({ kind: 'status', status: 503 });
      await forwardDue(ctx, { limit: 1 });
      clock += 8 * MIN;
    }
    const [a, b] = [(await forwardOf(flaky))!, (await forwardOf(refused))!];
    const dead400 = [a, b].find((r) => r.lastError?.includes('400'))!;
    const dead503 = [a, b].find((r) => r.lastError?.includes('503'))!;
    expect(dead400).toMatchObject({ state: 'dead', attempts: 1 });
    expect(dead503).toMatchObject({ state: 'dead', attempts: 4 });
    clock += 60 * MIN;
    await forwardDue(ctx);
    expect(postsFor(flaky).length + postsFor(refused).length).toBe(5);
    const staff = (await call(t.app, w.operatorA1, 'GET', `/api/v1/reports/${dead503.reportId}`)).json();
    expect(staff.cityForward).toMatchObject({ state: 'dead', attempts: 4 });
    expect(staff.cityForward.lastError).toContain('HTTP 503');
  });

  it('a token answer is polled (tokens/{token}.json) until the city assigns the id', async () => {
    fake.answerWithToken = true;
    fake.tokenPolls = 2;
    const id = await newReport(w.category.signal.code);
    await forwardDue(ctx);
    fake.answerWithToken = false;
    expect((await forwardOf(id))!).toMatchObject({ state: 'token', serviceRequestId: null });
    expect((await timeline(id)).at(-1)!.note).toContain('等待分配工单号');
    const first = await pollCity(ctx);
    expect(first.resolved).toBe(0);
    clock += MIN;
    const second = await pollCity(ctx);
    expect(second.resolved).toBe(1);
    const srId = cityRequestsFor(id)[0]!.service_request_id;
    expect((await forwardOf(id))!).toMatchObject({ state: 'forwarded', serviceRequestId: srId });
    expect((await timeline(id)).at(-1)!).toMatchObject({ action: 'city_update', actorRole: 'city' });
    expect(fake.calls.some((c) => c.path === `/tokens/tok-${srId}.json`)).toBe(true);
  });

  it('polling puts the city’s status notes in the timeline, once per change, and the city’s close closes the report', async () => {
    const id = await newReport(w.category.signal.code);
    await forwardDue(ctx);
    const srId = (await forwardOf(id))!.serviceRequestId!;
    fake.setStatus(srId, 'open', '已派发至区城管委');
    clock += 5 * MIN;
    await pollCity(ctx);
    let last = (await timeline(id)).at(-1)!;
    expect(last).toMatchObject({ action: 'city_update', actorRole: 'city', toState: null });
    expect(last.note).toBe('12345 处理中：已派发至区城管委');
    const batchPoll = fake.calls.filter((c) => c.query.get('service_request_id')?.split(',').includes(srId));
    expect(batchPoll.length).toBeGreaterThan(0);

    // Nothing new: nothing written.
    const count = (await timeline(id)).length;
    clock += 5 * MIN;
    await pollCity(ctx);
    expect(await timeline(id)).toHaveLength(count);

    fake.setStatus(srId, 'closed', '信号灯已修复');
    clock += 5 * MIN;
    const closed = await pollCity(ctx);
    expect(closed.closed).toBeGreaterThanOrEqual(1);
    const [report] = await t.db.select().from(reports).where(eq(reports.id, id));
    expect(report).toMatchObject({ state: 'closed' });
    expect(report!.closedAt!.getTime()).toBe(clock);
    last = (await timeline(id)).at(-1)!;
    expect(last).toMatchObject({ action: 'city_close', actorRole: 'city', fromState: 'submitted', toState: 'closed' });
    expect(last.note).toBe('12345 已办结：信号灯已修复');
    expect((await forwardOf(id))!).toMatchObject({ state: 'closed', cityStatus: 'closed' });

    // The rider sees it in the report's timeline.
    const detail = (await call(t.app, w.rider, 'GET', `/api/v1/reports/${id}`)).json();
    expect(detail.state).toBe('closed');
    expect(detail.updates.map((u: { action: string }) => u.action)).toEqual(
      expect.arrayContaining(['submit', 'city_forward', 'city_update', 'city_close']),
    );
    expect(detail.cityForward).toMatchObject({ state: 'closed', cityStatusNotes: '信号灯已修复' });
    // And is told, in the inbox, once.
    const inbox = (await call(t.app, w.rider, 'GET', '/api/v1/notifications')).json();
    const told = inbox.items.filter((n: { reportId: string | null }) => n.reportId === id);
    expect(told).toEqual([
      expect.objectContaining({
        title: '你的随手拍已由 12345 办结',
        body: expect.stringContaining('现已办结：信号灯已修复'),
      }),
    ]);
    // Closed by the city, never fixed by the street: the reporter cannot reopen it to the street.
    expectError(
      await call(t.app, w.rider, 'POST', `/api/v1/reports/${id}/reopen`, { note: '没修好' }),
      409,
      'INVALID_TRANSITION',
    );

    // A closed forward is no longer polled.
    const polls = fake.calls.length;
    clock += 5 * MIN;
    await pollCity(ctx);
    expect(fake.calls.slice(polls).some((c) => c.query.get('service_request_id')?.split(',').includes(srId))).toBe(
      false,
    );
  });

  it('two workers at once forward each report exactly once', async () => {
    const ids = [
      await newReport(w.category.signal.code),
      await newReport(w.category.signal.code),
      await newReport(w.category.signal.code),
    ];
    const results = await Promise.all([runCityPass(ctx), runCityPass(ctx), forwardDue(ctx, { limit: 1 })]);
    expect(results.reduce((n, r) => n + r.forwarded, 0)).toBe(3);
    for (const id of ids) {
      expect(postsFor(id)).toHaveLength(1);
      expect((await forwardOf(id))!.state).toBe('forwarded');
      expect((await timeline(id)).filter((u) => u.action === 'city_forward')).toHaveLength(1);
    }
  });

  it('a street operator 转交12345 by hand: audited, once, in scope, open reports only', async () => {
    const id = await newReport();
    const before = (await call(t.app, w.operatorA1, 'GET', `/api/v1/reports/${id}`)).json();
    expect(before).toMatchObject({ cityForward: null, canForwardToCity: true });
    const url = `/api/v1/staff/reports/${id}/city-forward`;
    expectError(await call(t.app, w.operatorA2, 'POST', url, {}), 403, 'OUT_OF_SCOPE');
    expectError(await call(t.app, w.rider, 'POST', url, {}), 403, 'FORBIDDEN');
    const [one, two] = await Promise.all([
      call(t.app, w.operatorA1, 'POST', url, { note: '涉及市政管线，街道无权处置' }),
      call(t.app, w.adminA, 'POST', url, {}),
    ]);
    const ok = [one, two].filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    expectError(
      [one, two].find((r) => r.statusCode !== 200)!,
      409,
      'ALREADY_FORWARDED',
    );
    expect(ok[0]!.json()).toMatchObject({
      cityForward: { state: 'pending', reason: 'manual' },
      canForwardToCity: false,
    });
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'report.city_forward'), eq(auditLog.targetId, id)));
    expect(audits).toHaveLength(1);
    expect((await timeline(id)).at(-1)!).toMatchObject({
      action: 'city_request',
      actorRole: expect.stringMatching(/street_operator|district_admin/),
    });
    await forwardDue(ctx);
    expect(postsFor(id)).toHaveLength(1);
    expect((await timeline(id)).at(-1)!.note).toContain('街道转交');

    // A finished report cannot be forwarded.
    const rejected = await newReport();
    await act(t.app, w.operatorA1, rejected, { action: 'reject', reason: 'not_hazard' });
    expectError(
      await call(t.app, w.operatorA1, 'POST', `/api/v1/staff/reports/${rejected}/city-forward`, {}),
      409,
      'REPORT_NOT_OPEN',
    );
    expectError(await call(t.app, w.operatorA1, 'POST', url, { note: '长'.repeat(501) }), 400, 'VALIDATION_FAILED');
  });

  it('a partner’s report (Open311 in) is never forwarded by itself — it may be the city’s own — but staff can', async () => {
    await t.db.update(reportCategories).set({ cityLevel: true }).where(eq(reportCategories.id, w.category.signal.id));
    const wgs = gcj02ToWgs84(w.points.a2);
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: 'dev-open311-key',
        service_code: w.category.signal.code,
        lat: String(wgs.lat),
        long: String(wgs.lng),
        description: '来自 12345 的工单',
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    const id = res.json()[0].service_request_id as string;
    expect(await forwardOf(id)).toBeUndefined();
    clock += 200 * MIN;
    expect(await queueOverdueForwards(ctx)).toBeGreaterThanOrEqual(0);
    expect(await forwardOf(id)).toBeUndefined();
    const byHand = await call(t.app, w.operatorA2, 'POST', `/api/v1/staff/reports/${id}/city-forward`, {});
    expect(byHand.statusCode).toBe(200);
    expect(await forwardOf(id)).toMatchObject({ reason: 'manual', state: 'pending' });
  });
});

describe('转交12345 without a configured endpoint', () => {
  let t: TestContext;
  let w: ReportWorld;
  let clock = Date.now();
  const now = () => new Date(clock);
  beforeAll(async () => {
    t = await buildTestApp({}, { now });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  it('queues and sends nothing: not for a city-level category, not for an overdue report, not by hand', async () => {
    await t.db.update(reportCategories).set({ cityLevel: true }).where(eq(reportCategories.id, w.category.signal.id));
    const res = await submit(t.app, w.rider, { category: w.category.signal.code, point: w.points.a1 });
    const id = res.json().report.id as string;
    clock += 24 * 60 * MIN;
    const ctx = createReportsContext(t.db, t.config, now);
    expect(await runCityPass(ctx)).toEqual({
      queued: 0,
      forwarded: 0,
      tokens: 0,
      retried: 0,
      dead: 0,
      resolved: 0,
      updated: 0,
      closed: 0,
      pollFailed: 0,
    });
    expect(await t.db.select().from(cityForwards)).toEqual([]);
    const detail = (await call(t.app, w.operatorA1, 'GET', `/api/v1/reports/${id}`)).json();
    expect(detail).toMatchObject({ cityForward: null, canForwardToCity: false });
    expectError(
      await call(t.app, w.operatorA1, 'POST', `/api/v1/staff/reports/${id}/city-forward`, {}),
      409,
      'CITY_NOT_CONFIGURED',
    );
  });
});
