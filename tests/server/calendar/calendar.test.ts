import { and, eq } from 'drizzle-orm';
import { auditLog, calendarDays } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { createLegalWorld, legalCall, openBody, type LegalWorld } from '../../fixtures/legal.js';

// Beijing 10:00 of a date, as an instant.
const at10 = (date: string) => new Date(`${date}T02:00:00Z`);

describe('节假日与调休: the working-day calendar and the 受理 deadline', () => {
  let t: TestContext;
  let w: LegalWorld;
  let clock = at10('2026-12-07');

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => clock });
    w = await createLegalWorld(t.db);
  });
  afterAll(async () => t.close());

  const call = (
    user: { id: string; role: string } | null,
    method: 'GET' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: user ? bearer(accessTokenFor(t.app, user)) : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  /** The 受理 deadline of a case opened at `when`. */
  const acceptDueOf = async (when: Date) => {
    clock = when;
    const res = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id));
    expect(res.statusCode).toBe(201);
    return res.json().case.acceptDueAt as string;
  };

  it('holds the official 2026 schedule; 2027 is not entered yet', async () => {
    const y2026 = await call(w.adminA, 'GET', '/api/v1/staff/calendar?year=2026');
    expect(y2026.statusCode).toBe(200);
    const days = y2026.json().days as { date: string; kind: string; name: string; updatedAt: string | null }[];
    expect(y2026.json().entered).toBe(true);
    expect(days.filter((d) => d.kind === 'off').length).toBe(33);
    expect(days.filter((d) => d.kind === 'work').map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(days.find((d) => d.date === '2026-02-17')).toEqual({
      date: '2026-02-17',
      kind: 'off',
      name: '春节',
      updatedAt: null,
    });
    const y2027 = await call(w.mediatorA, 'GET', '/api/v1/staff/calendar?year=2027');
    expect(y2027.json()).toEqual({ year: 2027, entered: false, days: [] });
  });

  it('受理 in 2 working days skips 春节 and counts the 调休 Saturday before it', async () => {
    // Friday 2026-02-13 10:00: Saturday 14th is worked (day 1), 15th–23rd off, Tuesday 24th (day 2).
    expect(await acceptDueOf(at10('2026-02-13'))).toBe(at10('2026-02-24').toISOString());
  });

  it('skips 国庆 (Oct 1–7) and counts the 调休 Saturday Oct 10', async () => {
    // Wednesday 2026-09-30: Oct 1–7 off; Thursday 8th (1), Friday 9th (2).
    expect(await acceptDueOf(at10('2026-09-30'))).toBe(at10('2026-10-09').toISOString());
    // Thursday 2026-10-08: Friday 9th (1), Saturday 10th is a working day (2).
    expect(await acceptDueOf(at10('2026-10-08'))).toBe(at10('2026-10-10').toISOString());
    // A plain weekend still does not count: Friday 2026-10-16 → Tuesday 20th.
    expect(await acceptDueOf(at10('2026-10-16'))).toBe(at10('2026-10-20').toISOString());
    // A case opened at 23:30 Beijing on the eve of 国庆 (15:30 UTC, still Sep 30 in Beijing).
    expect(await acceptDueOf(new Date('2026-09-30T15:30:00Z'))).toBe(new Date('2026-10-09T15:30:00Z').toISOString());
  });

  it('the district admin adds, corrects and removes a day (audited), and deadlines follow at once', async () => {
    // Monday 2026-12-07 10:00: normally Wednesday 9th.
    expect(await acceptDueOf(at10('2026-12-07'))).toBe(at10('2026-12-09').toISOString());
    clock = at10('2026-12-07');
    const put = await call(w.adminA, 'PUT', '/api/v1/staff/calendar/days/2026-12-08', {
      kind: 'off',
      name: '测试放假',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ date: '2026-12-08', kind: 'off', name: '测试放假' });
    expect(await acceptDueOf(at10('2026-12-07'))).toBe(at10('2026-12-10').toISOString());
    // A Saturday made a working day.
    expect(
      (await call(w.adminA, 'PUT', '/api/v1/staff/calendar/days/2026-12-12', { kind: 'work', name: '测试调休' }))
        .statusCode,
    ).toBe(200);
    expect(await acceptDueOf(at10('2026-12-10'))).toBe(at10('2026-12-12').toISOString());
    // Corrected, then removed.
    expect(
      (await call(w.adminA, 'PUT', '/api/v1/staff/calendar/days/2026-12-08', { kind: 'off', name: '改名' })).json()
        .name,
    ).toBe('改名');
    expect((await call(w.adminA, 'DELETE', '/api/v1/staff/calendar/days/2026-12-08')).statusCode).toBe(204);
    expect((await call(w.adminA, 'DELETE', '/api/v1/staff/calendar/days/2026-12-12')).statusCode).toBe(204);
    expect(await acceptDueOf(at10('2026-12-07'))).toBe(at10('2026-12-09').toISOString());
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetKind, 'calendar_day'), eq(auditLog.targetId, '2026-12-08')));
    expect(audit.map((a) => [a.action, a.actorId, a.districtId])).toEqual([
      ['calendar.add', w.adminA.id, w.dA.id],
      ['calendar.update', w.adminA.id, w.dA.id],
      ['calendar.remove', w.adminA.id, w.dA.id],
    ]);
    expect(audit[1]!.before).toEqual({ kind: 'off', name: '测试放假' });
    expect(audit[1]!.after).toEqual({ kind: 'off', name: '改名' });
  });

  it('refuses other roles, bad dates and bad input with a Chinese message, writing nothing', async () => {
    const before = await t.db.select().from(calendarDays);
    const body = { kind: 'off', name: '假日' };
    expectError(await call(w.mediatorA, 'PUT', '/api/v1/staff/calendar/days/2026-12-08', body), 403, 'FORBIDDEN');
    expectError(await call(w.rider, 'GET', '/api/v1/staff/calendar?year=2026'), 403, 'FORBIDDEN');
    expectError(await call(w.mediatorA, 'DELETE', '/api/v1/staff/calendar/days/2026-10-01'), 403, 'FORBIDDEN');
    expect((await call(null, 'GET', '/api/v1/staff/calendar?year=2026')).statusCode).toBe(401);
    const bad: [string, unknown, string, string][] = [
      ['2026-02-30', body, 'VALIDATION_FAILED', 'date'],
      ['2026-13-01', body, 'VALIDATION_FAILED', 'date'],
      ['20261208', body, 'VALIDATION_FAILED', 'date'],
      ['2026-12-08', { kind: 'holiday', name: '假日' }, 'VALIDATION_FAILED', 'kind'],
      ['2026-12-08', { kind: 'off', name: '' }, 'VALIDATION_FAILED', 'name'],
      ['2026-12-08', { kind: 'off', name: '   ' }, 'VALIDATION_FAILED', 'name'],
      ['2026-12-08', { kind: 'off', name: '长'.repeat(21) }, 'VALIDATION_FAILED', 'name'],
      ['2026-12-08', { kind: 'work', name: '调休' }, 'CALENDAR_WORKDAY_ON_WEEKDAY', 'kind'],
    ];
    for (const [date, b, code, field] of bad) {
      const res = await call(w.adminA, 'PUT', `/api/v1/staff/calendar/days/${date}`, b);
      const err = expectError(res, 400, code);
      expect({ date, b, field: err.field }).toEqual({ date, b, field });
      expect(err.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expectError(
      await call(w.adminA, 'DELETE', '/api/v1/staff/calendar/days/2026-12-09'),
      404,
      'CALENDAR_DAY_NOT_FOUND',
    );
    expect((await call(w.adminA, 'GET', '/api/v1/staff/calendar?year=1999')).statusCode).toBe(400);
    expect(await t.db.select().from(calendarDays)).toEqual(before);
  });
});
