import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { and, eq, sql } from 'drizzle-orm';
import type { ApartmentHitList, MyApplication, StaffApplication } from '@nuanxin/shared/housing/schemas';
import {
  auditLog,
  bedAllocations,
  housingApplications,
  housingApplicationSteps,
  notifications,
  riderProfiles,
  users,
} from '../../../server/src/db/schema/index.js';
import { rowsOf } from '../../../server/src/db/client.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { register, suspendRider } from '../../fixtures/access.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';

// 2026-12-07 10:00 in Beijing.
const NOW = new Date('2026-12-07T02:00:00Z');
const YS = seedId('apartment:YS-SJ');
const HJL = seedId('apartment:NX-HJL');
const bed = (room: string, code: string, key = 'YS-SJ') => seedId(`apartment-bed:${key}:${room}:${code}`);
const as = (t: TestContext, account: string, role: string) =>
  bearer(accessTokenFor(t.app, { id: seedId(`user:${account}`), role }));

describe('housing (暖新公寓)', () => {
  let t: TestContext;
  let operator: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({}, { demo: true, now: () => NOW });
    operator = as(t, 'apartment_operator', 'apartment_operator');
    admin = as(t, 'district_admin', 'district_admin');
  });
  afterAll(async () => {
    await t.close();
  });

  /** A new rider, registered with platform and station unless told otherwise. */
  async function newRider(registered = true) {
    const user = await createUser(t.db, 'rider', [], '新骑手');
    const headers = bearer(accessTokenFor(t.app, { id: user.id, role: 'rider' }));
    if (registered) await register(t.app, headers);
    return { user, headers };
  }

  async function apply(headers: Record<string, string>, body: Record<string, unknown> = {}) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/housing/applications',
      headers,
      payload: { apartmentId: YS, fromDate: '2026-12-10', months: 3, gender: 'male', needs: '夜班，需安静', ...body },
    });
  }

  const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/housing/manage/applications/${url}`, headers, payload });

  it('finds apartments with free beds near a point, under a price, for a gender', async () => {
    const near = { lat: 39.8936, lng: 116.4711 };
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/housing/beds?lat=${near.lat}&lng=${near.lng}&date=2026-12-10`,
      headers: as(t, 'rider', 'rider'),
    });
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as ApartmentHitList;
    expect(items.map((i) => [i.name, i.vacantBeds, i.minPrice])).toEqual([
      ['双井怡舍公寓', 16, 700],
      ['呼家楼暖新公寓', 6, 600],
    ]);
    expect(items[0]!.distanceM).toBeLessThan(items[1]!.distanceM!);

    const cheap = await t.app.inject({
      method: 'GET',
      url: '/api/v1/housing/beds?maxPrice=650',
      headers: as(t, 'rider', 'rider'),
    });
    expect((cheap.json() as ApartmentHitList).items.map((i) => [i.name, i.vacantBeds])).toEqual([
      ['呼家楼暖新公寓', 4],
    ]);
    const women = await t.app.inject({
      method: 'GET',
      url: '/api/v1/housing/beds?gender=female',
      headers: as(t, 'rider', 'rider'),
    });
    expect((women.json() as ApartmentHitList).items.map((i) => [i.name, i.vacantBeds]).sort()).toEqual([
      ['双井怡舍公寓', 4],
      ['呼家楼暖新公寓', 2],
    ]);
  });

  it('shows an apartment’s rules, costs, facilities and rooms', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/housing/apartments/${YS}`,
      headers: as(t, 'rider', 'rider'),
    });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.costs).toContain('免中介费、免预付款');
    expect(a.rules).toContain('严禁入户充电');
    expect(a.rooms.map((r: { name: string; vacantBeds: number }) => [r.name, r.vacantBeds])).toEqual([
      ['1层 101', 6],
      ['1层 102', 6],
      ['2层 201', 4],
    ]);
  });

  it('refuses an unregistered rider, bad dates and a second open application, writing nothing', async () => {
    const stranger = await newRider(false);
    const refused = expectError(await apply(stranger.headers), 403, 'HOUSING_NOT_ELIGIBLE');
    expect(refused.message).toContain('骑手登记');
    const past = expectError(await apply(stranger.headers, { fromDate: '2026-12-01' }), 400, 'VALIDATION_FAILED');
    expect(past.field).toBe('fromDate');
    const months = expectError(await apply(stranger.headers, { months: 13 }), 400, 'VALIDATION_FAILED');
    expect(months.field).toBe('months');
    expect(months.message).toContain('租住月数');
    const day = expectError(await apply(stranger.headers, { fromDate: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    expect(day.message).toContain('入住日期');
    const rows = await t.db.select().from(housingApplications).where(eq(housingApplications.riderId, stranger.user.id));
    expect(rows).toEqual([]);

    const rider = await newRider();
    expect((await apply(rider.headers)).statusCode).toBe(200);
    expectError(await apply(rider.headers), 409, 'HOUSING_APPLICATION_OPEN');
  });

  it('walks an application from submitted to moved out; the rider sees each step and is told', async () => {
    const rider = await newRider();
    const applied = (await apply(rider.headers)).json() as MyApplication;
    expect(applied.status).toBe('submitted');

    // The operator sees the applicant with a masked phone, eligible.
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/housing/manage/applications', headers: operator });
    const mine = (list.json().items as StaffApplication[]).find((a) => a.id === applied.id)!;
    expect(mine).toMatchObject({
      applicantName: '测试骑手',
      eligible: true,
      platformLabel: '美团',
      status: 'submitted',
    });
    expect(mine.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);

    const free = await t.app.inject({
      method: 'GET',
      url: `/api/v1/housing/manage/applications/${applied.id}/free-beds`,
      headers: operator,
    });
    expect(free.json()).toMatchObject({ startDate: '2026-12-10', endDate: '2027-03-10' });
    // A male applicant: the women's room is not offered.
    expect(free.json().items.every((b: { roomGender: string }) => b.roomGender !== 'female')).toBe(true);

    expectError(
      await post(`${applied.id}/offer`, operator, { bedId: bed('2层 201', 'A') }),
      409,
      'HOUSING_GENDER_MISMATCH',
    );
    expectError(await post(`${applied.id}/move-in`, operator), 409, 'HOUSING_STATE');

    const offered = await post(`${applied.id}/offer`, operator, { bedId: bed('1层 101', 'B') });
    expect(offered.statusCode).toBe(200);
    expect((offered.json() as StaffApplication).allocation).toMatchObject({
      bedLabel: '1层 101 · B床',
      startDate: '2026-12-10',
      endDate: '2027-03-10',
      monthlyPrice: 700,
    });
    // Moving in three days early: the stay starts today (the bed was free).
    const movedIn = await post(`${applied.id}/move-in`, operator);
    expect(movedIn.statusCode).toBe(200);
    expect((movedIn.json() as StaffApplication).allocation).toMatchObject({ startDate: '2026-12-07' });

    const figures = await t.app.inject({ method: 'GET', url: '/api/v1/housing/manage/figures', headers: admin });
    expect(figures.statusCode).toBe(200);

    expect((await post(`${applied.id}/move-out`, operator, { note: '工作调动' })).statusCode).toBe(200);

    const my = await t.app.inject({ method: 'GET', url: '/api/v1/housing/applications/mine', headers: rider.headers });
    const seen = (my.json().items as MyApplication[])[0]!;
    expect(seen.status).toBe('moved_out');
    expect(seen.steps.map((s) => s.step)).toEqual(['submitted', 'offered', 'moved_in', 'moved_out']);
    expect(seen.steps[1]!.note).toContain('1层 101 · B床');

    const inbox = await t.db.select().from(notifications).where(eq(notifications.userId, rider.user.id));
    expect(inbox.map((n) => n.kind).sort()).toEqual(['housing_moved_in', 'housing_moved_out', 'housing_offered']);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, applied.id));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'housing_application.move_in',
      'housing_application.move_out',
      'housing_application.offer',
    ]);
    expect(audit.every((a) => a.actorRole === 'apartment_operator')).toBe(true);
  });

  it('counts occupancy and waiting per apartment and per district', async () => {
    const rider = await newRider();
    const app = (await apply(rider.headers, { fromDate: '2026-12-07', months: 1 })).json() as MyApplication;
    await post(`${app.id}/offer`, operator, { bedId: bed('1层 102', 'A') });
    await post(`${app.id}/move-in`, operator);
    const waiting = await newRider();
    await apply(waiting.headers);

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/housing/manage/figures', headers: admin });
    const f = res.json();
    const ys = f.apartments.find((a: { apartmentId: string }) => a.apartmentId === YS);
    expect(ys).toMatchObject({ beds: 16 });
    expect(ys.occupied).toBeGreaterThanOrEqual(1);
    expect(ys.waiting).toBeGreaterThanOrEqual(1);
    expect(ys.vacant).toBe(ys.beds - ys.occupied - ys.offered);
    expect(f.districts).toHaveLength(1);
    expect(f.districts[0]).toMatchObject({ districtName: '朝阳区', apartments: 2, beds: 22 });

    // The operator sees only its own apartment.
    const own = (
      await t.app.inject({ method: 'GET', url: '/api/v1/housing/manage/figures', headers: operator })
    ).json();
    expect(own.apartments.map((a: { apartmentId: string }) => a.apartmentId)).toEqual([YS]);
  });

  it('holds the operator to its apartments: others’ applicants are invisible and out of scope', async () => {
    const rider = await newRider();
    const other = (await apply(rider.headers, { apartmentId: HJL })).json() as MyApplication;
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/housing/manage/applications', headers: operator });
    expect((list.json().items as StaffApplication[]).some((a) => a.id === other.id)).toBe(false);
    expectError(
      await post(`${other.id}/offer`, operator, { bedId: bed('3层 301', 'A', 'NX-HJL') }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await post(`${other.id}/decline`, operator, { reason: '不在本公寓' }), 403, 'OUT_OF_SCOPE');
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/housing/manage/apartments/${HJL}`,
      headers: operator,
      payload: { rules: '改规则' },
    });
    expectError(patch, 403, 'OUT_OF_SCOPE');
    // The district admin may act on both.
    const declined = await post(`${other.id}/decline`, admin, { reason: '暂无男床位，请申请双井怡舍' });
    expect(declined.json()).toMatchObject({ status: 'declined', reason: '暂无男床位，请申请双井怡舍' });
  });

  it('refuses to offer a bed to a rider no longer eligible, with the reason', async () => {
    const rider = await newRider();
    const app = (await apply(rider.headers)).json() as MyApplication;
    await suspendRider(t.db, rider.user.id);
    const res = expectError(
      await post(`${app.id}/offer`, operator, { bedId: bed('1层 101', 'C') }),
      409,
      'HOUSING_NOT_ELIGIBLE',
    );
    expect(res.message).toContain('暂停');
    const [row] = await t.db.select().from(housingApplications).where(eq(housingApplications.id, app.id));
    expect(row!.status).toBe('submitted');
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/housing/manage/applications', headers: operator })
    ).json();
    expect(list.items.find((a: StaffApplication) => a.id === app.id)).toMatchObject({ eligible: false });
  });

  it('never gives one bed to two riders for overlapping dates; adjacent stays are fine', async () => {
    const a = (await apply((await newRider()).headers, { fromDate: '2027-01-01', months: 2 })).json() as MyApplication;
    const b = (await apply((await newRider()).headers, { fromDate: '2027-02-01', months: 2 })).json() as MyApplication;
    const c = (await apply((await newRider()).headers, { fromDate: '2027-03-01', months: 1 })).json() as MyApplication;
    const theBed = bed('1层 102', 'F');
    expect((await post(`${a.id}/offer`, operator, { bedId: theBed })).statusCode).toBe(200);
    expectError(await post(`${b.id}/offer`, operator, { bedId: theBed }), 409, 'HOUSING_BED_TAKEN');
    // Nothing of the refused offer was written.
    const [rowB] = await t.db.select().from(housingApplications).where(eq(housingApplications.id, b.id));
    expect(rowB!.status).toBe('submitted');
    // [03-01, 04-01) touches [01-01, 03-01) without overlapping.
    expect((await post(`${c.id}/offer`, operator, { bedId: theBed })).statusCode).toBe(200);
    // A declined offer frees the bed.
    await post(`${a.id}/decline`, operator, { reason: '骑手放弃' });
    expect((await post(`${b.id}/offer`, operator, { bedId: theBed, endDate: '2027-03-01' })).statusCode).toBe(200);
    expectError(
      await post(`${(await apply((await newRider()).headers)).json().id}/offer`, operator, {
        bedId: theBed,
        startDate: '2027-02-10',
        endDate: '2027-02-01',
      }),
      400,
      'HOUSING_DATES_INVALID',
    );
  });

  it('gives a bed to exactly one of 100 concurrent offers for overlapping dates', async () => {
    // 100 eligible riders, each with an application, written directly (the API path is tested above).
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const [u] = await t.db
        .insert(users)
        .values({ openid: `race-${randomUUID()}`, role: 'rider', displayName: `骑手${i}` })
        .returning();
      await t.db.insert(riderProfiles).values({
        userId: u!.id,
        realName: `骑手${i}`,
        phone: `1390000${String(i).padStart(4, '0')}`,
        idNumberHash: randomUUID(),
        idLast4: '0000',
        platform: 'meituan',
        stationName: '测试站',
        vehicleKind: 'e_bike',
      });
      const [h] = await t.db
        .insert(housingApplications)
        .values({ riderId: u!.id, apartmentId: YS, fromDate: `2027-04-0${(i % 9) + 1}`, months: 3, gender: 'male' })
        .returning();
      ids.push(h!.id);
    }
    const theBed = bed('1层 101', 'F');
    const results = await Promise.all(ids.map((id) => post(`${id}/offer`, operator, { bedId: theBed })));
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) expectError(r, 409, 'HOUSING_BED_TAKEN');
    const live = await t.db
      .select()
      .from(bedAllocations)
      .where(and(eq(bedAllocations.bedId, theBed), eq(bedAllocations.status, 'offered')));
    expect(live).toHaveLength(1);
    const steps = await t.db.select().from(housingApplicationSteps).where(eq(housingApplicationSteps.step, 'offered'));
    expect(steps.filter((s) => ids.includes(s.applicationId))).toHaveLength(1);
  });

  it('enforces the exclusion in the database itself, not only in code', async () => {
    const overlap = await t.db
      .execute(sql`select conname from pg_constraint where conname = 'bed_allocations_no_overlap' and contype = 'x'`)
      .then((r) => rowsOf<{ conname: string }>(r));
    expect(overlap).toHaveLength(1);
  });

  it('lets a district admin register an apartment and invite its operator, who then manages it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/housing/manage/apartments',
      headers: admin,
      payload: {
        name: '建外暖新公寓',
        address: '朝阳区建外街道',
        lat: 39.905,
        lng: 116.45,
        streetId: seedId('street:110105001'),
        operatorName: '建外街道',
        facilities: ['wifi', 'locker'],
        costs: '每床 650 元/月',
      },
    });
    expect(created.statusCode).toBe(200);
    const apartmentId = created.json().id as string;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/housing/manage/apartments',
      headers: admin,
      payload: { name: '', address: 'x', lat: 91, lng: 0, operatorName: 'x' },
    });
    expect(bad.statusCode).toBe(400);

    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: admin,
      payload: { role: 'apartment_operator', apartmentIds: [apartmentId], displayName: '建外公寓 刘经理' },
    });
    expect(invite.statusCode).toBe(201);
    const newcomer = await createUser(t.db, 'rider');
    const redeemed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/redeem',
      headers: bearer(accessTokenFor(t.app, { id: newcomer.id, role: 'rider' })),
      payload: { code: invite.json().code },
    });
    expect(redeemed.statusCode).toBe(200);
    const headers = bearer(redeemed.json().accessToken);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(me.json().scope.apartments).toEqual([{ id: apartmentId, name: '建外暖新公寓' }]);

    const room = await t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/apartments/${apartmentId}/rooms`,
      headers,
      payload: { name: '101', floor: 1, gender: 'any' },
    });
    expect(room.statusCode).toBe(200);
    const roomId = room.json().items[0].id;
    const bedRes = await t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/rooms/${roomId}/beds`,
      headers,
      payload: { code: 'A', monthlyPrice: 650 },
    });
    expect(bedRes.json().items[0].beds).toMatchObject([
      { code: 'A', monthlyPrice: 650, status: 'active', holder: null },
    ]);
    const dup = await t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/rooms/${roomId}/beds`,
      headers,
      payload: { code: 'A', monthlyPrice: 650 },
    });
    expectError(dup, 409, 'HOUSING_NAME_TAKEN');
    const price = await t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/rooms/${roomId}/beds`,
      headers,
      payload: { code: 'B', monthlyPrice: -1 },
    });
    const body = expectError(price, 400, 'VALIDATION_FAILED');
    expect(body.message).toContain('月租');
    // The demo operator cannot touch it.
    expectError(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/housing/manage/apartments/${apartmentId}/rooms`,
        headers: operator,
      }),
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('exports the rider’s applications with their steps, and withdraws them on account deletion', async () => {
    const rider = await newRider();
    const app = (await apply(rider.headers, { needs: '需要下铺' })).json() as MyApplication;
    await post(`${app.id}/offer`, operator, { bedId: bed('1层 102', 'E') });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: rider.headers });
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const housing = JSON.parse(strFromU8(files['housing.json']!));
    expect(housing).toEqual([
      expect.objectContaining({ apartment: '双井怡舍公寓', needs: '需要下铺', status: 'offered' }),
    ]);
    expect(housing[0].steps.map((s: { step: string }) => s.step)).toEqual(['submitted', 'offered']);

    const deleted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/account/delete',
      headers: rider.headers,
      payload: { confirm: '注销' },
    });
    expect(deleted.statusCode).toBe(200);
    const [row] = await t.db.select().from(housingApplications).where(eq(housingApplications.id, app.id));
    expect(row).toMatchObject({ status: 'declined', needs: '', reason: '骑手已注销账号' });
    const live = await t.db
      .select()
      .from(bedAllocations)
      .where(and(eq(bedAllocations.applicationId, app.id), eq(bedAllocations.status, 'offered')));
    expect(live).toEqual([]);
  });

  it('refuses an early move-in while another rider holds the bed until the stay starts', async () => {
    const first = (
      await apply((await newRider()).headers, { fromDate: '2026-12-07', months: 1 })
    ).json() as MyApplication;
    const second = (
      await apply((await newRider()).headers, { fromDate: '2027-01-07', months: 1 })
    ).json() as MyApplication;
    const theBed = bed('2层 201', 'D');
    await t.db.update(housingApplications).set({ gender: 'female' }).where(eq(housingApplications.id, first.id));
    await t.db.update(housingApplications).set({ gender: 'female' }).where(eq(housingApplications.id, second.id));
    expect((await post(`${first.id}/offer`, operator, { bedId: theBed })).statusCode).toBe(200);
    expect((await post(`${second.id}/offer`, operator, { bedId: theBed })).statusCode).toBe(200);
    expectError(await post(`${second.id}/move-in`, operator), 409, 'HOUSING_BED_TAKEN');
    const [row] = await t.db.select().from(housingApplications).where(eq(housingApplications.id, second.id));
    expect(row!.status).toBe('offered');
  });
});
