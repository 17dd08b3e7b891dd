import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { PRIVACY_GUIDE_VERSION } from '@nuanxin/shared/privacy/constants';
import {
  accessEvents,
  passes,
  pointAccounts,
  pointTransfers,
  refreshTokens,
  reports,
  riderProfiles,
  streets,
  userConsents,
  users,
  vouchers,
} from '../../../server/src/db/schema/index.js';
import { reconcile } from '../../../server/src/points/index.js';
import { createPrivacyContext, privacyOverview } from '../../../server/src/privacy/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register } from '../../fixtures/access.js';
import { createReward, fundRider, newKey, principalOf } from '../../fixtures/points.js';
import { act, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;
type User = { id: string; role: string };
type Headers = Record<string, string>;

const PHONE = '13811112222';
const OTHER_PHONE = '13933334444';

describe('privacy rights: 我的 → 隐私, consents, export, delete', () => {
  let t: TestContext;
  let w: World;
  let rw: ReportWorld;
  let uploadDir: string;
  let guardH: Headers;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createAccessWorld(t.app, t.db);
    rw = await createReportWorld(t.db);
    // The access world's two streets are a big default box that also covers the report world's
    // 甲一街道, where the reports here are made: which street a report lands in then depended on
    // random street codes (a 403 for 甲一's operator about one run in two). East of 116.458 they
    // still hold both gates and no report point used here.
    const east = [
      { lng: 116.458, lat: 39.9 },
      { lng: 116.5, lat: 39.9 },
      { lng: 116.5, lat: 40.0 },
      { lng: 116.458, lat: 40.0 },
    ];
    await t.db
      .update(streets)
      .set({ boundary: east })
      .where(inArray(streets.id, [w.a.street.id, w.b.street.id]));
    const guard = await createUser(t.db, 'gate_guard', [{ kind: 'gate', refId: w.gateA.id }], '东门 周师傅');
    guardH = bearer(accessTokenFor(t.app, guard));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const h = (u: User) => bearer(accessTokenFor(t.app, u));
  const call = (u: User | Headers, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: 'id' in u ? h(u as User) : (u as Headers),
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
  const consent = (u: User, version = PRIVACY_GUIDE_VERSION) =>
    call(u, 'POST', '/privacy/consents', {
      version,
      scopes: ['location', 'camera', 'subscribe_messages'],
      channel: 'h5',
    });
  const countReports = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(reports))[0]!.n;
  const balance = async (userId: string) => {
    const [a] = await t.db.select().from(pointAccounts).where(eq(pointAccounts.userId, userId));
    return a ? a.creditsPosted - a.debitsPosted - a.debitsPending : 0;
  };

  /** A rider with everything: profile, approved pass, an access event, a report with a photo, points, a voucher. */
  async function fullRider(name: string, phone: string) {
    const rider = await createUser(t.db, 'rider', [], name);
    const rh = h(rider);
    await register(t.app, rh, { realName: name, phone });
    await applyAndApprove(t.app, rh, w.a.community.id, w.adminA);
    expect((await consent(rider)).statusCode).toBe(200);
    const code = (await call(rh, 'GET', '/access/my-code')).json().code as string;
    expect((await call(guardH, 'POST', '/access/rider-checks', { code })).json().granted).toBe(true);
    const report = await submit(t.app, rider, { category: rw.category.pothole.code, point: rw.points.a1 });
    expect(report.statusCode).toBe(201);
    await fundRider(t.db, rider.id, 50);
    const reward = await createReward(t.db, w.a.merchant.id, { pricePoints: 10 });
    const redeem = await call(rider, 'POST', '/points/redeem', { rewardId: reward.id, idempotencyKey: newKey() });
    expect(redeem.statusCode === 201 ? 201 : redeem.body).toBe(201);
    return { rider, rh, reportId: report.json().report.id as string, voucherId: redeem.json().id as string };
  }

  it('shows what is kept, for how long (the configured days) and who sees it; records consent and re-asks on a new version', async () => {
    const rider = await createUser(t.db, 'rider');
    let res = await call(rider, 'GET', '/privacy/overview');
    expect(res.statusCode).toBe(200);
    let body = res.json();
    expect(body).toMatchObject({ guideVersion: PRIVACY_GUIDE_VERSION, consent: null, needsConsent: true });
    const access = body.data.find((d: { kind: string }) => d.kind === 'access');
    expect(access.retentionDays).toBe(t.config.access.eventRetentionDays);
    expect(access.keptFor).toContain(`${t.config.access.eventRetentionDays} 天`);
    const photos = body.data.find((d: { kind: string }) => d.kind === 'reports');
    expect(photos.keptFor).toContain(`${t.config.privacy.reportPhotoRetentionDays} 天`);
    expect(photos.seenBy).toMatch(/街道/);

    expectError(await consent(rider, '2020-01-01'), 400, 'PRIVACY_VERSION_OUTDATED');
    const bad = await call(rider, 'POST', '/privacy/consents', {
      version: PRIVACY_GUIDE_VERSION,
      scopes: ['microphone'],
      channel: 'h5',
    });
    expect(bad.statusCode).toBe(400);
    res = await consent(rider);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: PRIVACY_GUIDE_VERSION,
      scopes: ['camera', 'location', 'subscribe_messages'],
    });
    // Accepting the same again records nothing new.
    await consent(rider);
    body = (await call(rider, 'GET', '/privacy/overview')).json();
    expect(body.needsConsent).toBe(false);
    expect(body.history).toHaveLength(1);
    expect(body.consent.acceptedAt).toEqual(expect.any(String));

    // A new guide version: the old acceptance no longer counts.
    const ctx = createPrivacyContext(t.db, {
      ...t.config,
      privacy: { ...t.config.privacy, guideVersion: '2099-01-01' },
    });
    const again = await privacyOverview({ ...ctx, actor: principalOf(rider.id) });
    expect(again.needsConsent).toBe(true);
    expect(again.consent?.version).toBe(PRIVACY_GUIDE_VERSION);
  });

  it('staff read the guide but cannot export or delete (and no route takes someone else)', async () => {
    for (const staff of [w.a.communityAdmin, w.a.streetOperator, w.districtAdmin]) {
      expect((await call(staff, 'GET', '/privacy/overview')).statusCode).toBe(200);
      expectError(await call(staff, 'GET', '/privacy/export'), 403, 'FORBIDDEN');
      expectError(await call(staff, 'POST', '/privacy/account/delete', { confirm: '注销' }), 403, 'FORBIDDEN');
    }
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export' }), 401, 'UNAUTHENTICATED');
  });

  it('export holds every kind of the rider’s data, photos included, and nobody else’s; the phone is never logged', async () => {
    const me = await fullRider('赵一', PHONE);
    const other = await fullRider('钱二', OTHER_PHONE);
    const confirmed = await call(me.rider, 'POST', `/reports/${other.reportId}/confirmations`);
    expect(confirmed.statusCode === 200 ? 200 : confirmed.body).toBe(200);

    const res = await call(me.rider, 'GET', '/privacy/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="nuanxin-my-data-\d{8}\.zip"/);
    expect(res.headers['cache-control']).toBe('no-store');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const read = (name: string) => JSON.parse(strFromU8(files[name]!));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'README.txt',
        'profile.json',
        'consents.json',
        'passes.json',
        'access-events.json',
        'reports.json',
        'confirmations.json',
        'points.json',
        'vouchers.json',
        'notifications.json',
      ]),
    );
    const profile = read('profile.json');
    expect(profile.riderProfile).toMatchObject({ realName: '赵一', phone: PHONE });
    expect(read('consents.json')).toEqual([expect.objectContaining({ version: PRIVACY_GUIDE_VERSION })]);
    expect(read('passes.json')).toEqual([
      expect.objectContaining({ community: w.a.community.name, status: 'approved' }),
    ]);
    expect(read('access-events.json')).toEqual([expect.objectContaining({ method: 'rider_code', granted: true })]);
    const myReports = read('reports.json');
    expect(myReports.map((r: { id: string }) => r.id)).toEqual([me.reportId]);
    expect(myReports[0].photos).toHaveLength(1);
    const photo = files[myReports[0].photos[0]]!;
    expect([photo[0], photo[1]]).toEqual([0xff, 0xd8]); // a JPEG
    expect(read('confirmations.json')).toEqual([expect.objectContaining({ reportId: other.reportId })]);
    const points = read('points.json');
    expect(points.balance).toBe(40);
    expect(points.history.map((l: { reason: string }) => l.reason)).toEqual(['staff_grant', 'voucher_hold']);
    expect(read('vouchers.json')).toEqual([expect.objectContaining({ status: 'issued', points: 10 })]);

    // Nobody else's: not the other rider's name, phone, report or photos.
    const everything = Object.values(files)
      .map((f) => Buffer.from(f).toString('latin1'))
      .join('\n');
    const text = Object.entries(files)
      .filter(([n]) => n.endsWith('.json'))
      .map(([, f]) => strFromU8(f))
      .join('\n');
    expect(text).not.toContain('钱二');
    expect(text).not.toContain(OTHER_PHONE);
    expect(Object.keys(files).some((n) => n.includes(other.reportId))).toBe(false);
    expect(everything).not.toContain(other.rider.id);
    // The other rider's export has none of mine either.
    const theirs = unzipSync(new Uint8Array((await call(other.rider, 'GET', '/privacy/export')).rawPayload));
    const theirText = Object.values(theirs)
      .map((f) => Buffer.from(f).toString('utf8'))
      .join('\n');
    expect(theirText).not.toContain(PHONE);
    expect(theirText).not.toContain('赵一');
    // The file is their data, never the log's.
    expect(t.logs.join('\n')).not.toContain(PHONE);
  });

  it('delete does each thing at once: points forfeited through the ledger, vouchers cancelled, passes and code refused, reports anonymised, sessions gone', async () => {
    const { rider, rh, reportId, voucherId } = await fullRider('孙三', '13755556666');
    // A code on screen before the deletion, and a refresh token of a real sign-in.
    const code = (await call(rh, 'GET', '/access/my-code')).json().code as string;
    await t.db.insert(refreshTokens).values({
      userId: rider.id,
      familyId: rider.id,
      tokenHash: `h-${rider.id}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const reportsBefore = await countReports();
    expect(await balance(rider.id)).toBe(40);

    expectError(await call(rh, 'POST', '/privacy/account/delete', { confirm: '删除' }), 400, 'DELETE_CONFIRM_MISMATCH');
    const res = await call(rh, 'POST', '/privacy/account/delete', { confirm: '注销' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      deleted: true,
      pointsForfeited: 50,
      vouchersCancelled: 1,
      passesRevoked: 1,
      reportsAnonymised: 1,
    });

    // Points: the voucher's hold came back, then everything went out as one account_deleted transfer.
    expect(await balance(rider.id)).toBe(0);
    const [account] = await t.db.select().from(pointAccounts).where(eq(pointAccounts.userId, rider.id));
    const forfeits = await t.db.select().from(pointTransfers).where(eq(pointTransfers.debitAccountId, account!.id));
    expect(forfeits.filter((x) => x.reason === 'account_deleted').map((x) => x.amount)).toEqual([50]);
    expect((await reconcile(t.db)).checks.filter((c) => !c.ok)).toEqual([]);
    const [voucher] = await t.db.select().from(vouchers).where(eq(vouchers.id, voucherId));
    expect(voucher!.status).toBe('cancelled');

    // Passes revoked, profile gone, the code on screen refused at the gate.
    const myPasses = await t.db.select().from(passes).where(eq(passes.riderId, rider.id));
    expect(myPasses.map((p) => p.status)).toEqual(['revoked']);
    expect(await t.db.select().from(riderProfiles).where(eq(riderProfiles.userId, rider.id))).toEqual([]);
    expectError(await call(guardH, 'POST', '/access/rider-checks', { code }), 400, 'RIDER_CODE_INVALID');
    expect(await t.db.select().from(accessEvents).where(eq(accessEvents.riderId, rider.id))).toEqual([]);

    // Reports kept for the city, with no name or WeChat id behind them.
    const [report] = await t.db.select().from(reports).where(eq(reports.id, reportId));
    expect(report).toBeDefined();
    expect(await countReports()).toBe(reportsBefore);
    const [tomb] = await t.db.select().from(users).where(eq(users.id, rider.id));
    expect(tomb).toMatchObject({
      status: 'deleted',
      displayName: '已注销用户',
      openid: null,
      unionid: null,
      phoneLast4: null,
    });
    const staffView = await call(rw.operatorA1, 'GET', `/reports/${reportId}`);
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json().reporterName).toBe('已注销用户');
    expect(staffView.body).not.toContain('孙三');
    // Accepting it later credits nobody.
    expect((await act(t.app, rw.operatorA1, reportId, { action: 'accept' })).statusCode).toBe(200);
    expect(await balance(rider.id)).toBe(0);
    expect((await reconcile(t.db)).ok).toBe(true);

    // Sessions: the old access token and refresh tokens are gone; consents removed.
    expect((await call(rh, 'GET', '/privacy/overview')).statusCode).toBe(401);
    expect((await call(rh, 'POST', '/privacy/account/delete', { confirm: '注销' })).statusCode).toBe(401);
    expect(await t.db.select().from(refreshTokens).where(eq(refreshTokens.userId, rider.id))).toEqual([]);
    expect(await t.db.select().from(userConsents).where(eq(userConsents.userId, rider.id))).toEqual([]);
    // A fresh token for the tombstone is refused too (status deleted).
    expect((await call(h(rider), 'GET', '/privacy/overview')).statusCode).toBe(401);
  });

  it('delete is one transaction: a failure at the last step leaves everything as it was', async () => {
    const { rider, rh, voucherId } = await fullRider('李四', '13677778888');
    await t.db.execute(sql`
      create or replace function privacy_test_fail() returns trigger language plpgsql as $$
      begin
        if new.status = 'deleted' then raise exception 'forced failure'; end if;
        return new;
      end $$`);
    await t.db.execute(
      sql`create trigger privacy_test_fail before update on users for each row execute function privacy_test_fail()`,
    );
    try {
      const res = await call(rh, 'POST', '/privacy/account/delete', { confirm: '注销' });
      expect(res.statusCode).toBe(500);
    } finally {
      await t.db.execute(sql`drop trigger privacy_test_fail on users`);
    }
    expect(await balance(rider.id)).toBe(40);
    const [voucher] = await t.db.select().from(vouchers).where(eq(vouchers.id, voucherId));
    expect(voucher!.status).toBe('issued');
    const myPasses = await t.db.select().from(passes).where(eq(passes.riderId, rider.id));
    expect(myPasses.map((p) => p.status)).toEqual(['approved']);
    expect(await t.db.select().from(riderProfiles).where(eq(riderProfiles.userId, rider.id))).toHaveLength(1);
    expect(await t.db.select().from(userConsents).where(eq(userConsents.userId, rider.id))).toHaveLength(1);
    const [user] = await t.db.select().from(users).where(eq(users.id, rider.id));
    expect(user).toMatchObject({ status: 'active', displayName: '李四' });
    expect((await reconcile(t.db)).ok).toBe(true);
    // And it works once the fault is gone.
    expect((await call(rh, 'POST', '/privacy/account/delete', { confirm: '注销' })).statusCode).toBe(200);
    expect(await balance(rider.id)).toBe(0);
  });
});
