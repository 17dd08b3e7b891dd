import { and, eq } from 'drizzle-orm';
import { auditLog, communities, merchants, streets } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createStreet, createTwoScopes } from '../../fixtures/factories.js';

type World = Awaited<ReturnType<typeof createTwoScopes>>;
type Who = { id: string; role: string };

// The factories' street boundary: the box 116.4–116.5 × 39.9–40.0 (both districts' streets).
const INSIDE = { lat: 39.95, lng: 116.45 };
const OUTSIDE = { lat: 39.5, lng: 116.0 };

describe('organisation: streets, communities and shops (geo)', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(accessTokenFor(t.app, who)), payload: payload as object });
  const audits = (targetId: string) => t.db.select().from(auditLog).where(eq(auditLog.targetId, targetId));

  describe('streets', () => {
    it('a district admin creates, renames, deactivates and reactivates a street; each write is audited', async () => {
      const created = await call(w.districtAdmin, 'POST', '/api/v1/streets', { code: '110105099', name: '测试新街道' });
      expect(created.statusCode).toBe(201);
      const s = created.json();
      expect(s).toEqual(
        expect.objectContaining({ code: '110105099', name: '测试新街道', active: true, hasBoundary: false }),
      );
      expect(s.districtId).toBe(w.district.id);
      const renamed = await call(w.districtAdmin, 'PATCH', `/api/v1/streets/${s.id}`, { name: '改名街道' });
      expect(renamed.json()).toEqual(expect.objectContaining({ name: '改名街道', active: true }));
      const off = await call(w.districtAdmin, 'PATCH', `/api/v1/streets/${s.id}`, { active: false });
      expect(off.json().active).toBe(false);
      // The list keeps inactive streets (a district admin manages them).
      const list = (await call(w.districtAdmin, 'GET', '/api/v1/streets')).json().items;
      expect(list.find((x: { id: string }) => x.id === s.id)).toEqual(expect.objectContaining({ active: false }));
      const on = await call(w.districtAdmin, 'PATCH', `/api/v1/streets/${s.id}`, { active: true });
      expect(on.json().active).toBe(true);
      const rows = await audits(s.id);
      expect(rows.map((r) => r.action).sort()).toEqual(
        ['street.create', 'street.deactivate', 'street.update', 'street.update'].sort(),
      );
      const deactivation = rows.find((r) => r.action === 'street.deactivate')!;
      expect(deactivation).toEqual(
        expect.objectContaining({
          actorId: w.districtAdmin.id,
          actorRole: 'district_admin',
          districtId: w.district.id,
        }),
      );
      expect(deactivation.before).toEqual(expect.objectContaining({ active: true }));
      expect(deactivation.after).toEqual(expect.objectContaining({ active: false }));
    });

    it('refuses a taken code (409), bad codes and empty names (400 with field and Chinese message)', async () => {
      expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/streets', { code: w.a.street.code, name: '重复' }),
        409,
        'STREET_CODE_TAKEN',
      );
      const bad = expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/streets', { code: '街道 1', name: '某街道' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(bad).toEqual(expect.objectContaining({ field: 'code' }));
      expect(bad.message).toContain('街道编号');
      const empty = expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/streets', { code: 'S-EMPTY', name: '   ' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(empty).toEqual({ code: 'VALIDATION_FAILED', message: '请填写街道名称', field: 'name' });
      expectError(
        await call(w.districtAdmin, 'PATCH', `/api/v1/streets/${w.a.street.id}`, {}),
        400,
        'NOTHING_TO_UPDATE',
      );
      expect(await t.db.select().from(streets).where(eq(streets.code, 'S-EMPTY'))).toHaveLength(0);
    });

    it('scope: only a district admin of the street’s own district writes streets', async () => {
      expectError(
        await call(w.otherDistrictAdmin, 'PATCH', `/api/v1/streets/${w.a.street.id}`, { name: '越权' }),
        403,
        'OUT_OF_SCOPE',
      );
      for (const who of [w.a.streetOperator, w.a.communityAdmin, w.a.merchantUser, w.rider]) {
        expectError(await call(who, 'POST', '/api/v1/streets', { code: 'S-NO', name: '不行' }), 403, 'FORBIDDEN');
        expectError(await call(who, 'PATCH', `/api/v1/streets/${w.a.street.id}`, { name: '不行' }), 403, 'FORBIDDEN');
      }
      expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/streets', {
          code: 'S-X1',
          name: '别区',
          districtId: w.otherDistrict.id,
        }),
        403,
        'OUT_OF_SCOPE',
      );
      const [a] = await t.db.select().from(streets).where(eq(streets.id, w.a.street.id));
      expect(a!.name).toBe('A街道');
    });
  });

  describe('communities', () => {
    it('creates a community in the street whose boundary covers its point, with a generated code', async () => {
      const res = await call(w.districtAdmin, 'POST', '/api/v1/communities', {
        name: '新建小区',
        address: '朝阳区某路1号',
        ...INSIDE,
        propertyCompany: '某某物业',
      });
      expect(res.statusCode).toBe(201);
      const c = res.json();
      expect(c).toEqual(
        expect.objectContaining({
          streetId: w.a.street.id,
          streetName: 'A街道',
          name: '新建小区',
          propertyCompany: '某某物业',
          active: true,
        }),
      );
      expect(c.code).toMatch(new RegExp(`^C-${w.a.street.code}-[0-9A-F]{6}$`));
      const [audit] = await audits(c.id);
      expect(audit).toEqual(
        expect.objectContaining({ action: 'community.create', communityId: c.id, streetId: w.a.street.id }),
      );
      // The community admin of another community does not see it; the district admin does.
      const list = (await call(w.districtAdmin, 'GET', '/api/v1/communities')).json().items;
      expect(list.map((x: { id: string }) => x.id)).toContain(c.id);
    });

    it('refuses a point no active street of the district covers (400 NO_STREET_AT_POINT), nothing written', async () => {
      const before = await t.db.select().from(communities);
      const res = expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/communities', { name: '界外小区', ...OUTSIDE }),
        400,
        'NO_STREET_AT_POINT',
      );
      expect(res.field).toBe('lat');
      // A street that is switched off covers nothing new.
      await t.db.update(streets).set({ active: false }).where(eq(streets.id, w.a.street.id));
      try {
        expectError(
          await call(w.districtAdmin, 'POST', '/api/v1/communities', { name: '停用街道里', ...INSIDE }),
          400,
          'NO_STREET_AT_POINT',
        );
      } finally {
        await t.db.update(streets).set({ active: true }).where(eq(streets.id, w.a.street.id));
      }
      expect(await t.db.select().from(communities)).toHaveLength(before.length);
    });

    it('refuses bad input with the field and a Chinese message', async () => {
      const noName = expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/communities', { name: '', ...INSIDE }),
        400,
        'VALIDATION_FAILED',
      );
      expect(noName).toEqual(expect.objectContaining({ field: 'name', message: '请填写社区名称' }));
      const far = expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/communities', { name: '坐标错', lat: 95, lng: 116.45 }),
        400,
        'COORDINATE_OUT_OF_RANGE',
      );
      expect(far.field).toBe('lat');
      const code = expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/communities', {
          name: '重号',
          code: w.a.community.code,
          ...INSIDE,
        }),
        409,
        'COMMUNITY_CODE_TAKEN',
      );
      expect(code.message).toContain(w.a.community.code);
    });

    it('a street operator acts inside its own street only; community admins, merchants and riders not at all', async () => {
      const own = await call(w.a.streetOperator, 'POST', '/api/v1/communities', { name: '街道建的', ...INSIDE });
      expect(own.statusCode).toBe(201);
      // A second street of the same district, covering a point east of the first box.
      const east = await createStreet(t.db, w.district.id, '东街道');
      await t.db
        .update(streets)
        .set({
          boundary: [
            { lng: 116.6, lat: 39.9 },
            { lng: 116.7, lat: 39.9 },
            { lng: 116.7, lat: 40.0 },
            { lng: 116.6, lat: 40.0 },
          ],
        })
        .where(eq(streets.id, east.id));
      const other = expectError(
        await call(w.a.streetOperator, 'POST', '/api/v1/communities', { name: '别的街道', lat: 39.95, lng: 116.65 }),
        403,
        'OUT_OF_SCOPE',
      );
      expect(other.message).toContain('东街道');
      // …and cannot move its community there either.
      expectError(
        await call(w.a.streetOperator, 'PATCH', `/api/v1/communities/${own.json().id}`, { lat: 39.95, lng: 116.65 }),
        403,
        'OUT_OF_SCOPE',
      );
      // The district admin can: the street follows the boundary.
      const moved = await call(w.districtAdmin, 'PATCH', `/api/v1/communities/${own.json().id}`, {
        lat: 39.95,
        lng: 116.65,
      });
      expect(moved.json()).toEqual(expect.objectContaining({ streetId: east.id, streetName: '东街道' }));
      expectError(
        await call(w.b.streetOperator, 'PATCH', `/api/v1/communities/${w.a.community.id}`, { name: '越权' }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await call(w.otherDistrictAdmin, 'PATCH', `/api/v1/communities/${w.a.community.id}`, { name: '越权' }),
        403,
        'OUT_OF_SCOPE',
      );
      for (const who of [w.a.communityAdmin, w.a.merchantUser, w.rider]) {
        expectError(await call(who, 'POST', '/api/v1/communities', { name: 'x', ...INSIDE }), 403, 'FORBIDDEN');
        expectError(
          await call(who, 'PATCH', `/api/v1/communities/${w.a.community.id}`, { name: 'x' }),
          403,
          'FORBIDDEN',
        );
      }
      const [a] = await t.db.select().from(communities).where(eq(communities.id, w.a.community.id));
      expect(a!.name).toBe('A小区');
    });

    it('edits and deactivates a community (audited with before and after)', async () => {
      const res = await call(w.districtAdmin, 'PATCH', `/api/v1/communities/${w.a.community.id}`, {
        name: 'A小区（改）',
        propertyCompany: '新物业',
        active: false,
      });
      expect(res.json()).toEqual(
        expect.objectContaining({ name: 'A小区（改）', propertyCompany: '新物业', active: false }),
      );
      const [row] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, w.a.community.id), eq(auditLog.action, 'community.deactivate')));
      expect(row!.before).toEqual(expect.objectContaining({ name: 'A小区', active: true }));
      expect(row!.after).toEqual(expect.objectContaining({ name: 'A小区（改）', active: false }));
      await call(w.districtAdmin, 'PATCH', `/api/v1/communities/${w.a.community.id}`, { name: 'A小区', active: true });
      expectError(
        await call(w.districtAdmin, 'PATCH', `/api/v1/communities/${w.a.community.id}`, { lat: 39.95 }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('shops', () => {
    it('creates a shop (street from the boundary or chosen), edits and deactivates it; lists include inactive', async () => {
      const res = await call(w.districtAdmin, 'POST', '/api/v1/merchants', {
        name: '街角理发',
        kind: 'barber',
        address: '某路2号',
        ...INSIDE,
      });
      expect(res.statusCode).toBe(201);
      const m = res.json();
      expect(m).toEqual(expect.objectContaining({ streetId: w.a.street.id, kind: 'barber', active: true }));
      expect(m.code).toMatch(/^M-/);
      const chosen = await call(w.districtAdmin, 'POST', '/api/v1/merchants', {
        name: '界外洗衣',
        kind: 'laundry',
        ...OUTSIDE,
        streetId: w.a.street.id,
      });
      expect(chosen.json().streetId).toBe(w.a.street.id);
      const off = await call(w.districtAdmin, 'PATCH', `/api/v1/merchants/${m.id}`, { active: false, kind: 'repair' });
      expect(off.json()).toEqual(expect.objectContaining({ active: false, kind: 'repair' }));
      const list = (await call(w.districtAdmin, 'GET', '/api/v1/merchants')).json().items;
      expect(list.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([m.id, w.a.merchant.id]));
      expect(list.map((x: { id: string }) => x.id)).not.toContain(w.b.merchant.id);
      const mine = (await call(w.a.merchantUser, 'GET', '/api/v1/merchants')).json().items;
      expect(mine.map((x: { id: string }) => x.id)).toEqual([w.a.merchant.id]);
      expect((await audits(m.id)).map((r) => r.action).sort()).toEqual(['merchant.create', 'merchant.deactivate']);
    });

    it('refuses unknown kinds, other districts’ streets and callers without the right', async () => {
      expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/merchants', { name: 'x', kind: 'casino', ...INSIDE }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/merchants', {
          name: 'x',
          kind: 'food',
          ...INSIDE,
          streetId: w.b.street.id,
        }),
        403,
        'OUT_OF_SCOPE',
      );
      const before = await t.db.select().from(merchants);
      expectError(
        await call(w.districtAdmin, 'POST', '/api/v1/merchants', { name: 'x', kind: 'food', ...OUTSIDE }),
        400,
        'NO_STREET_AT_POINT',
      );
      for (const who of [w.a.merchantUser, w.a.communityAdmin, w.rider]) {
        expectError(
          await call(who, 'POST', '/api/v1/merchants', { name: 'x', kind: 'food', ...INSIDE }),
          403,
          'FORBIDDEN',
        );
        expectError(await call(who, 'PATCH', `/api/v1/merchants/${w.a.merchant.id}`, { name: 'x' }), 403, 'FORBIDDEN');
      }
      expectError(
        await call(w.b.streetOperator, 'PATCH', `/api/v1/merchants/${w.a.merchant.id}`, { name: 'x' }),
        403,
        'OUT_OF_SCOPE',
      );
      expect(await t.db.select().from(merchants)).toHaveLength(before.length);
    });
  });
});
