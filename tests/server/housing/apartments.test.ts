import { and, eq } from 'drizzle-orm';
import type { Apartment, MyApplication, StaffRoomList } from '@nuanxin/shared/housing/schemas';
import { apartmentBeds, apartmentRooms, apartments, auditLog } from '../../../server/src/db/schema/index.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { register } from '../../fixtures/access.js';
import { accessTokenFor, bearer, createDistrict, createStreet, createUser } from '../../fixtures/factories.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';

// 2026-12-07 10:00 in Beijing.
const NOW = new Date('2026-12-07T02:00:00Z');
const YS = seedId('apartment:YS-SJ');
const as = (t: TestContext, account: string, role: string) =>
  bearer(accessTokenFor(t.app, { id: seedId(`user:${account}`), role }));

describe('housing: managing apartments and rooms', () => {
  let t: TestContext;
  let operator: Record<string, string>;
  let admin: Record<string, string>;
  let foreignAdmin: Record<string, string>;
  let foreignStreetId: string;

  beforeAll(async () => {
    t = await buildTestApp({}, { demo: true, now: () => NOW });
    operator = as(t, 'apartment_operator', 'apartment_operator');
    admin = as(t, 'district_admin', 'district_admin');
    const district = await createDistrict(t.db, '乙区');
    foreignStreetId = (await createStreet(t.db, district.id, '乙街道')).id;
    const other = await createUser(t.db, 'district_admin', [{ kind: 'district', refId: district.id }]);
    foreignAdmin = bearer(accessTokenFor(t.app, { id: other.id, role: 'district_admin' }));
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/housing/manage/apartments', headers, payload });
  const patch = (url: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/housing/manage/${url}`, headers, payload });
  const del = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/housing/manage/${url}`, headers });
  const valid = {
    name: '劲松暖新公寓',
    address: '朝阳区劲松路 8 号',
    lat: 39.88,
    lng: 116.46,
    streetId: seedId('street:110105001'),
    operatorName: '劲松街道',
    contactPhone: '010-87654321',
    rules: '22:30 后保持安静',
    facilities: ['wifi', 'charging'],
  };

  it('refuses a bad apartment with the field named in Chinese, writing nothing', async () => {
    const before = (await t.db.select().from(apartments)).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, name: '' }, '名称'],
      [{ ...valid, lat: 91 }, '纬度'],
      [{ ...valid, lng: 'east' }, '经度'],
      [{ ...valid, contactPhone: 'call me' }, '联系电话'],
      [{ ...valid, facilities: ['pool'] }, '设施'],
      [{ ...valid, operatorName: undefined }, '运营方'],
    ];
    for (const [payload, label] of cases) {
      const body = expectError(await create(admin, payload), 400, 'VALIDATION_FAILED');
      expect(body.message).toContain(label);
    }
    expect((await t.db.select().from(apartments)).length).toBe(before);
  });

  it('lets only a district admin create, and only in its own district', async () => {
    expectError(await create(operator, valid), 403, 'FORBIDDEN');
    expectError(await create(as(t, 'rider', 'rider'), valid), 403, 'FORBIDDEN');
    // Another district's admin cannot use our street; we cannot use theirs.
    expectError(await create(foreignAdmin, valid), 403, 'OUT_OF_SCOPE');
    expectError(await create(admin, { ...valid, streetId: foreignStreetId }), 403, 'OUT_OF_SCOPE');
    const unknown = expectError(
      await create(admin, { ...valid, streetId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.field).toBe('streetId');

    const res = await create(admin, valid);
    expect(res.statusCode).toBe(200);
    const made = res.json() as Apartment;
    expect(made).toMatchObject({ name: '劲松暖新公寓', active: true, facilities: ['wifi', 'charging'], rooms: [] });
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'apartment.create'), eq(auditLog.targetId, made.id)));
    expect(audit).toBeDefined();

    // Its admin edits it; the other district's admin may not.
    expectError(await patch(`apartments/${made.id}`, foreignAdmin, { rules: '改' }), 403, 'OUT_OF_SCOPE');
    // The desk number is public: a personal mobile number is refused, not published.
    const mobile = expectError(
      await patch(`apartments/${made.id}`, admin, { contactPhone: '138 1234 5678' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(mobile).toMatchObject({ field: 'contactPhone', message: expect.stringContaining('手机号') });
    expectError(await create(admin, { ...valid, contactPhone: '+8613812345678' }), 400, 'VALIDATION_FAILED');
    const edited = await patch(`apartments/${made.id}`, admin, { active: false, contactPhone: '010-66668888' });
    expect(edited.json()).toMatchObject({ active: false, contactPhone: '010-66668888' });
    const [row] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'apartment.update'), eq(auditLog.targetId, made.id)));
    expect(row!.after).toMatchObject({ active: false, contactPhone: '010****8888' });
  });

  it('lets the operator edit its apartment’s rules and facilities, audited; bad input changes nothing', async () => {
    const res = await patch(`apartments/${YS}`, operator, {
      rules: '晚 23:00 后请勿大声喧哗；电动车统一在充电区充电',
      facilities: ['wifi', 'laundry', 'charging'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      rules: expect.stringContaining('充电区'),
      facilities: ['wifi', 'laundry', 'charging'],
    });
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'apartment.update'), eq(auditLog.targetId, YS)));
    expect(rows.at(-1)!.actorRole).toBe('apartment_operator');

    const bad = expectError(
      await patch(`apartments/${YS}`, operator, { rules: 'x'.repeat(2001) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.message).toContain('入住规则');
    const [still] = await t.db.select().from(apartments).where(eq(apartments.id, YS));
    expect(still!.rules).toContain('充电区');
  });

  async function roomWithBed(headers: Record<string, string>, name: string) {
    const list = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/housing/manage/apartments/${YS}/rooms`,
        headers,
        payload: { name, floor: 5, gender: 'male' },
      })
    ).json() as StaffRoomList;
    const room = list.items.find((r) => r.name === name)!;
    const withBed = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/housing/manage/rooms/${room.id}/beds`,
        headers,
        payload: { code: 'A', monthlyPrice: 800 },
      })
    ).json() as StaffRoomList;
    return withBed.items.find((r) => r.id === room.id)!;
  }

  it('renames a room, moves its floor and changes its gender; refuses a taken name', async () => {
    const room = await roomWithBed(operator, '5层 501');
    const res = await patch(`rooms/${room.id}`, operator, { name: '5层 502', floor: null, gender: 'any' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as StaffRoomList).items.find((r) => r.id === room.id)).toMatchObject({
      name: '5层 502',
      floor: null,
      gender: 'any',
    });
    expectError(await patch(`rooms/${room.id}`, operator, { name: '1层 101' }), 409, 'HOUSING_NAME_TAKEN');
    const bad = expectError(await patch(`rooms/${room.id}`, operator, { floor: 1000 }), 400, 'VALIDATION_FAILED');
    expect(bad.message).toContain('楼层');
    const [row] = await t.db.select().from(apartmentRooms).where(eq(apartmentRooms.id, room.id));
    expect(row).toMatchObject({ name: '5层 502', floor: null, gender: 'any' });
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'apartment_room.update'), eq(auditLog.targetId, room.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.before).toMatchObject({ name: '5层 501', floor: 5, gender: 'male' });
  });

  it('deletes a room whose beds were never given, and refuses one with an allocation', async () => {
    const empty = await roomWithBed(admin, '6层 601');
    const gone = await del(`rooms/${empty.id}`, operator);
    expect(gone.statusCode).toBe(200);
    expect((gone.json() as StaffRoomList).items.some((r) => r.id === empty.id)).toBe(false);
    expect(await t.db.select().from(apartmentBeds).where(eq(apartmentBeds.roomId, empty.id))).toEqual([]);
    expect(
      await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'apartment_room.delete'), eq(auditLog.targetId, empty.id))),
    ).toHaveLength(1);
    expectError(await del(`rooms/${empty.id}`, operator), 404, 'NOT_FOUND');

    // A room whose bed was offered keeps its history: no delete, no gender change.
    const used = await roomWithBed(operator, '6层 602');
    const rider = await createUser(t.db, 'rider', [], '租客');
    const riderHeaders = bearer(accessTokenFor(t.app, { id: rider.id, role: 'rider' }));
    await register(t.app, riderHeaders);
    const app = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/housing/applications',
        headers: riderHeaders,
        payload: { apartmentId: YS, fromDate: '2026-12-10', months: 1, gender: 'male' },
      })
    ).json() as MyApplication;
    const offered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/applications/${app.id}/offer`,
      headers: operator,
      payload: { bedId: used.beds[0]!.id },
    });
    expect(offered.statusCode).toBe(200);
    const refused = expectError(await del(`rooms/${used.id}`, operator), 409, 'HOUSING_ROOM_IN_USE');
    expect(refused.message).toContain('不能删除');
    expectError(await patch(`rooms/${used.id}`, operator, { gender: 'female' }), 409, 'HOUSING_ROOM_GENDER_IN_USE');
    // A rename is still fine.
    expect((await patch(`rooms/${used.id}`, operator, { name: '6层 602（新）' })).statusCode).toBe(200);
    const [still] = await t.db.select().from(apartmentRooms).where(eq(apartmentRooms.id, used.id));
    expect(still).toMatchObject({ name: '6层 602（新）', gender: 'male' });
  });

  it('holds rooms to their apartment’s scope', async () => {
    const room = await roomWithBed(operator, '7层 701');
    expectError(await patch(`rooms/${room.id}`, foreignAdmin, { name: 'x' }), 403, 'OUT_OF_SCOPE');
    expectError(await del(`rooms/${room.id}`, foreignAdmin), 403, 'OUT_OF_SCOPE');
    expectError(await del(`rooms/${room.id}`, as(t, 'rider', 'rider')), 403, 'FORBIDDEN');
    const [row] = await t.db.select().from(apartmentRooms).where(eq(apartmentRooms.id, room.id));
    expect(row!.name).toBe('7层 701');
  });
});
