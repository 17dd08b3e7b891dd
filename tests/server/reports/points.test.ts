import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { pointTransfers } from '../../../server/src/db/schema/index.js';
import { reconcile } from '../../../server/src/points/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { act, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

// The two features meet here: an accepted 随手拍 report credits the reporter's points exactly once.
describe('accepted reports earn points, exactly once', () => {
  let t: TestContext;
  let w: ReportWorld;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const available = async (user: { id: string; role: string }) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/points/summary',
      headers: bearer(accessTokenFor(t.app, user)),
    });
    expect(res.statusCode).toBe(200);
    return res.json().available as number;
  };
  const newReport = async (user: { id: string; role: string }) => {
    const res = await submit(t.app, user, { category: w.category.pothole.code, point: w.points.a1 });
    expect(res.statusCode).toBe(201);
    return res.json().report as { id: string };
  };
  const transfersFor = async (reportId: string) =>
    (await t.db.select().from(pointTransfers).where(eq(pointTransfers.sourceId, reportId))).length;

  it('accepting a report credits 2 points, explained in the history; rejecting credits none', async () => {
    const before = await available(w.rider);
    const accepted = await newReport(w.rider);
    expect((await act(t.app, w.operatorA1, accepted.id, { action: 'accept' })).statusCode).toBe(200);
    expect(await available(w.rider)).toBe(before + 2);
    const history = await t.app.inject({
      method: 'GET',
      url: '/api/v1/points/history',
      headers: bearer(accessTokenFor(t.app, w.rider)),
    });
    expect(JSON.stringify(history.json())).toContain('随手拍');

    const rejected = await newReport(w.rider);
    const res = await act(t.app, w.operatorA1, rejected.id, {
      action: 'reject',
      reason: 'not_hazard',
      note: '不是隐患',
    });
    expect(res.statusCode).toBe(200);
    expect(await available(w.rider)).toBe(before + 2);
    expect(await transfersFor(rejected.id)).toBe(0);
  });

  it('two operators accepting the same report at once: one succeeds, the rider is credited once', async () => {
    const before = await available(w.rider2);
    const report = await newReport(w.rider2);
    const results = await Promise.all([
      act(t.app, w.operatorA1, report.id, { action: 'accept' }),
      act(t.app, w.adminA, report.id, { action: 'accept' }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).toBeGreaterThanOrEqual(400);
    expect(statuses[1]).toBeLessThan(500);
    expect(await available(w.rider2)).toBe(before + 2);
    expect(await transfersFor(report.id)).toBe(1);
    expect((await reconcile(t.db)).ok).toBe(true);
  });
});
