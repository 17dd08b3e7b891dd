import { eq } from 'drizzle-orm';
import { auditLog, pointsRulesDocuments } from '../../../server/src/db/schema/index.js';
import { communityApp } from '../../fixtures/community.js';
import { expectError } from '../../support/http.js';

describe('积分管理办法: versions by the district admin, the rider’s page with the live rules', () => {
  const h = communityApp(new Date('2026-12-07T02:00:00Z'));
  const doc = (overrides: Record<string, unknown> = {}) => ({
    title: '甲区骑手积分管理办法',
    body: '第一条 为激励骑手参与社区治理，制定本办法。\n\n第二条 积分只能本人使用。',
    effectiveOn: '2026-12-07',
    ...overrides,
  });

  it('publishes versions (audited); the rider sees the current one and a later one as upcoming, with the live numbers', async () => {
    const admin = h.s.districtAdmin;
    const district = h.s.district.id;
    const rider = await h.registeredRider();
    const empty = (await h.call(rider, 'GET', `/points/rules-document?districtId=${district}`)).json();
    expect(empty).toMatchObject({ districtId: district, document: null, upcoming: null });

    const first = await h.call(admin, 'POST', '/points/admin/rules-document', doc());
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ currentVersion: 1, versions: [{ version: 1, effectiveOn: '2026-12-07' }] });
    const next = await h.call(
      admin,
      'POST',
      '/points/admin/rules-document',
      doc({ title: '第二版', effectiveOn: '2027-01-01' }),
    );
    expect(next.json()).toMatchObject({ currentVersion: 1, versions: [{ version: 2 }, { version: 1 }] });

    const page = (await h.call(rider, 'GET', `/points/rules-document?districtId=${district}`)).json();
    expect(page.document).toMatchObject({ version: 1, title: '甲区骑手积分管理办法' });
    expect(page.upcoming).toEqual({ version: 2, effectiveOn: '2027-01-01' });
    // The live earning rules come from the ledger's tables: change one, the page follows.
    const task = page.earning.find((r: { code: string }) => r.code === 'task_completed');
    expect(task).toMatchObject({ perGrant: false, points: 20, dailyCap: 40, monthlyCap: 200 });
    expect(
      (
        await h.call(admin, 'PUT', '/points/admin/rules/task_completed', {
          points: 15,
          dailyCap: 30,
          monthlyCap: 120,
        })
      ).statusCode,
    ).toBe(200);
    const after = (await h.call(rider, 'GET', `/points/rules-document?districtId=${district}`)).json();
    expect(after.earning.find((r: { code: string }) => r.code === 'task_completed')).toMatchObject({
      points: 15,
      dailyCap: 30,
      monthlyCap: 120,
    });
    expect(after.redemption.pointsExpiryDays).toBeGreaterThan(0);
    expect(
      (
        await h.call(admin, 'PUT', '/points/admin/reward-limits', {
          minPricePoints: 5,
          maxPricePoints: 50,
          maxStockPerPeriod: null,
        })
      ).statusCode,
    ).toBe(200);
    const limits = (await h.call(rider, 'GET', `/points/rules-document?districtId=${district}`)).json().redemption;
    expect(limits).toMatchObject({ minPricePoints: 5, maxPricePoints: 50 });

    // A new day: version 2 is in force.
    h.setNow(new Date('2026-12-31T16:30:00Z'));
    const later = (await h.call(rider, 'GET', `/points/rules-document?districtId=${district}`)).json();
    expect(later.document).toMatchObject({ version: 2, title: '第二版' });
    expect(later.upcoming).toBeNull();
    h.setNow(new Date('2026-12-07T02:00:00Z'));

    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.action, 'points_rules_document.publish'));
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ districtId: district });
  });

  it('refuses bad input in Chinese, out-of-scope and non-admins, writing nothing', async () => {
    const admin = h.s.districtAdmin;
    const before = (await h.t.db.select().from(pointsRulesDocuments)).length;
    const past = expectError(
      await h.call(admin, 'POST', '/points/admin/rules-document', doc({ effectiveOn: '2026-12-01' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(past).toMatchObject({ field: 'effectiveOn' });
    const blank = expectError(
      await h.call(admin, 'POST', '/points/admin/rules-document', doc({ title: '   ' })),
      400,
      'TITLE_REQUIRED',
    );
    expect(blank.field).toBe('title');
    expect(
      expectError(
        await h.call(admin, 'POST', '/points/admin/rules-document', doc({ effectiveOn: '明天' })),
        400,
        'VALIDATION_FAILED',
      ).message,
    ).toContain('生效日期');
    expectError(
      await h.call(admin, 'POST', '/points/admin/rules-document', doc({ districtId: h.s.otherDistrict.id })),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await h.call(h.s.a.streetOperator, 'POST', '/points/admin/rules-document', doc()), 403, 'FORBIDDEN');
    expectError(await h.call(await h.registeredRider(), 'GET', '/points/admin/rules-document'), 403, 'FORBIDDEN');
    expect((await h.t.db.select().from(pointsRulesDocuments)).length).toBe(before);
  });

  it('two admins publishing at once: both versions kept in order or one 409, never two of the same number', async () => {
    const admin = h.s.districtAdmin;
    const res = await Promise.all([
      h.call(admin, 'POST', '/points/admin/rules-document', doc({ title: '并发甲' })),
      h.call(admin, 'POST', '/points/admin/rules-document', doc({ title: '并发乙' })),
    ]);
    for (const r of res) expect([200, 409]).toContain(r.statusCode);
    const rows = await h.t.db
      .select()
      .from(pointsRulesDocuments)
      .where(eq(pointsRulesDocuments.districtId, h.s.district.id));
    expect(new Set(rows.map((r) => r.version)).size).toBe(rows.length);
  });
});
