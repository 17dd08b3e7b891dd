import { eq } from 'drizzle-orm';
import { reports, reportUpdates } from '../../../server/src/db/schema/index.js';
import { closeStaleFixedReports } from '../../../server/src/reports/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { call, createReportWorld, fixReport, submit, type ReportWorld } from '../../fixtures/reports.js';

const DAY = 86400_000;

describe('automatic close of fixed reports after the reopen window', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  /** A fixed report whose fix is `daysAgo` old. */
  const fixedDaysAgo = async (daysAgo: number) => {
    const id = (await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1 })).json().report
      .id as string;
    await fixReport(t.app, w.operatorA1, id);
    await t.db
      .update(reports)
      .set({ fixedAt: new Date(Date.now() - daysAgo * DAY) })
      .where(eq(reports.id, id));
    return id;
  };
  const stateOf = async (id: string) => (await t.db.select().from(reports).where(eq(reports.id, id)))[0]!;
  const run = (opts = {}) => closeStaleFixedReports({ db: t.db, now: () => new Date() }, opts);

  it('closes a report fixed 8 days ago with a system update; one fixed 6 days ago stays fixed and reopenable', async () => {
    const stale = await fixedDaysAgo(8);
    const recent = await fixedDaysAgo(6);
    const result = await run();
    expect(result.closed).toBeGreaterThanOrEqual(1);
    const closed = await stateOf(stale);
    expect(closed.state).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect((await stateOf(recent)).state).toBe('fixed');

    const updates = await t.db.select().from(reportUpdates).where(eq(reportUpdates.reportId, stale));
    const last = updates.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).at(-1)!;
    expect(last).toMatchObject({
      action: 'close',
      actorRole: 'system',
      actorId: null,
      fromState: 'fixed',
      toState: 'closed',
    });
    expect(last.note).toContain('自动办结');
    // Earlier history is untouched (append-only).
    expect(updates.map((u) => u.action).sort()).toEqual(['accept', 'close', 'dispatch', 'fix', 'on_site', 'submit']);

    // The timeline shows it to the reporter; reopening is no longer possible, the recent one still is.
    const detail = (await call(t.app, w.rider, 'GET', `/api/v1/reports/${stale}`)).json();
    expect(detail.updates.at(-1)).toMatchObject({ action: 'close', actorRole: 'system' });
    expectError(
      await call(t.app, w.rider, 'POST', `/api/v1/reports/${stale}/reopen`, { note: '没修好' }),
      409,
      'REOPEN_WINDOW_PASSED',
    );
    const reopened = await call(t.app, w.rider, 'POST', `/api/v1/reports/${recent}/reopen`, { note: '没修好' });
    expect(reopened.json().state).toBe('accepted');
  });

  it('a second run finds nothing to do', async () => {
    await fixedDaysAgo(9);
    expect((await run()).closed).toBe(1);
    expect(await run()).toEqual({ closed: 0, batches: 1 });
  });

  it('works in batches and counts every report once, even with two runs at the same time', async () => {
    const ids = [await fixedDaysAgo(10), await fixedDaysAgo(11), await fixedDaysAgo(12)];
    const [a, b] = await Promise.all([run({ batchSize: 1 }), run({ batchSize: 1 })]);
    expect(a.closed + b.closed).toBe(3);
    for (const id of ids) {
      expect((await stateOf(id)).state).toBe('closed');
      const closes = (await t.db.select().from(reportUpdates).where(eq(reportUpdates.reportId, id))).filter(
        (u) => u.action === 'close',
      );
      expect(closes).toHaveLength(1);
    }
  });

  it('leaves open, closed and rejected reports alone', async () => {
    const open = (await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.a1 })).json().report
      .id as string;
    await t.db
      .update(reports)
      .set({ createdAt: new Date(Date.now() - 30 * DAY) })
      .where(eq(reports.id, open));
    await run();
    expect((await stateOf(open)).state).toBe('submitted');
  });
});
