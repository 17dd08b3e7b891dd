import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { notifications, vouchers } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { createAccessWorld, register } from '../../fixtures/access.js';
import { act, createReportWorld, fixReport, submit, type ReportWorld } from '../../fixtures/reports.js';
import { createReward, fundRider, newKey } from '../../fixtures/points.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

// GET /api/v1/me/attention: the home page's banner and the 我的 tab's badge, in one call.
describe('what needs the rider’s action (GET /api/v1/me/attention)', () => {
  let t: TestContext;
  let w: World;
  let r: ReportWorld;
  let uploadDir: string;
  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-attention-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createAccessWorld(t.app, t.db);
    r = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const attention = async (user: { id: string; role: string }) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/attention',
      headers: bearer(accessTokenFor(t.app, user)),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json() as {
      items: { kind: string; count: number; title: string; targetId: string | null }[];
      unread: number;
    };
  };
  const apply = async (headers: Record<string, string>, communityId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes',
      headers,
      payload: { communityIds: [communityId] },
    });
    expect(res.statusCode).toBe(200);
    return res.json().items[0].id as string;
  };

  it('a new rider has nothing to do', async () => {
    expect(await attention(await createUser(t.db, 'rider'))).toEqual({ items: [], unread: 0 });
  });

  it('lists a pass under review, then refused (with the unread notice), a fixed report, an expiring voucher', async () => {
    const rider = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, rider));
    await register(t.app, headers);
    const passA = await apply(headers, w.a.community.id);
    await apply(headers, w.b.community.id);
    expect(await attention(rider)).toEqual({
      items: [{ kind: 'pass_pending', count: 2, title: '2 个通行申请审核中', targetId: null }],
      unread: 0,
    });

    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/v1/access/passes/${passA}/reject`,
      headers: w.adminA,
      payload: { reason: '信息不全' },
    });
    expect(rejected.statusCode).toBe(200);
    let now = await attention(rider);
    expect(now.items.map((i) => [i.kind, i.count])).toEqual([
      ['pass_refused', 1],
      ['pass_pending', 1],
      ['unread', 1],
    ]);
    expect(now.unread).toBe(1);

    // A report fixed and waiting for the rider's word (b1: the report world's own area).
    const filed = await submit(t.app, rider, { category: r.category.pothole.code, point: r.points.b1 });
    const reportId = filed.json().report.id as string;
    await fixReport(t.app, r.operatorB1, reportId);
    // A voucher that expires within the notice window (24 h by default).
    await fundRider(t.db, rider.id, 50);
    const reward = await createReward(t.db, w.a.merchant.id, { pricePoints: 10 });
    const redeemed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/points/redeem',
      headers,
      payload: { rewardId: reward.id, idempotencyKey: newKey() },
    });
    expect(redeemed.statusCode).toBe(201);
    await t.db
      .update(vouchers)
      .set({ expiresAt: new Date(Date.now() + 2 * 3600_000) })
      .where(eq(vouchers.riderId, rider.id));

    now = await attention(rider);
    expect(now.items.map((i) => i.kind)).toEqual([
      'pass_refused',
      'pass_pending',
      'report_fixed',
      'voucher_expiring',
      'unread',
    ]);
    expect(now.items.find((i) => i.kind === 'report_fixed')).toEqual({
      kind: 'report_fixed',
      count: 1,
      title: '你的随手拍已修复，请确认',
      targetId: reportId,
    });
    // accepted + fixed notices about the report, and the rejection.
    expect(now.unread).toBe(3);

    // Read everything, close the report: those leave the banner.
    await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers });
    expect((await act(t.app, r.operatorB1, reportId, { action: 'close' })).statusCode).toBe(200);
    now = await attention(rider);
    expect(now.items.map((i) => i.kind)).toEqual(['pass_refused', 'pass_pending', 'voucher_expiring']);
    expect(now.unread).toBe(0);
  });

  it('counts only the caller’s own rows; staff get their unread count', async () => {
    const other = await createUser(t.db, 'rider');
    await t.db.insert(notifications).values({ userId: w.a.communityAdmin.id, kind: 'x', title: '通知', body: '内容' });
    expect(await attention(other)).toEqual({ items: [], unread: 0 });
    const staff = await attention(w.a.communityAdmin);
    expect(staff.unread).toBe(1);
    expect(staff.items).toEqual([{ kind: 'unread', count: 1, title: '1 条未读消息', targetId: null }]);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/me/attention' });
    expect(anon.statusCode).toBe(401);
  });
});
