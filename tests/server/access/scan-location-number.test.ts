import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { gateCodeUrl } from '../../../server/src/access/index.js';
import { communityAccess } from '../../../server/src/db/schema/index.js';
import { MIGRATIONS_FOLDER } from '../../../server/src/db/client.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, createGate, register, scanBody } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;
type Headers = Record<string, string>;

// Issue #18, defects 4 and 5 and the access wording: the location check is on by default (300 m),
// the poster prints a 门岗号 that a rider may type instead of scanning, a guard's check speaks about
// the rider, and the log's export reads in Beijing time with platform names.
const NOW = new Date('2026-12-07T01:30:00Z'); // 09:30 in Beijing

describe('gate scans: location check by default, 门岗号, the guard and the log in words', () => {
  let t: TestContext;
  let w: World;
  let c: { id: string }; // a community of world A that has never saved a guide (defaults apply)
  let gate: Awaited<ReturnType<typeof createGate>>;

  beforeAll(async () => {
    t = await buildTestApp({ ACCESS_DEDUPE_SECONDS: '0' }, { now: () => NOW });
    // locationCheck: no community_access rows, so every community here runs on the defaults.
    w = await createAccessWorld(t.app, t.db, { locationCheck: true });
    c = w.a.community;
    gate = await createGate(t.db, c.id, { name: '东门', lat: 39.92, lng: 116.46 });
  });
  afterAll(async () => {
    await t.close();
  });

  const at = { scannedAt: NOW.toISOString() };
  const near = { location: { lat: 39.9203, lng: 116.4601, coordSystem: 'gcj02' } };
  const far = { location: { lat: 39.9326, lng: 116.46, coordSystem: 'gcj02' } }; // ~1.4 km north
  const scan = (headers: Headers, code: string, extra: object = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/access/scans',
      headers,
      payload: scanBody(code, { ...at, ...extra }),
    });
  const poster = (id: string, format: 'svg' | 'png' = 'svg') =>
    t.app.inject({ method: 'GET', url: `/api/v1/access/gates/${id}/poster?format=${format}`, headers: w.adminA });
  async function approvedRider() {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    await applyAndApprove(t.app, headers, c.id, w.adminA);
    return { user, headers };
  }
  const numberOn = (svg: string) => /门岗号 (\d{4}) (\d{4})/.exec(svg)?.slice(1).join('') ?? null;

  describe('the location check (扫码位置核验) is on by default', () => {
    it('a community that never set it reads as on, within 300 m', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/communities/${c.id}/guide`,
        headers: w.adminA,
      });
      expect(res.json()).toMatchObject({ requireLocation: true, maxDistanceM: 300 });
    });

    it('grants at the gate, refuses 1.4 km away (TOO_FAR) and without a location (LOCATION_REQUIRED)', async () => {
      const r = await approvedRider();
      const code = gateCodeUrl(t.config.access, gate.id, gate.codeVersion);
      const ok = (await scan(r.headers, code, near)).json();
      expect(ok).toMatchObject({ granted: true, reason: 'GRANTED' });
      expect(ok.distanceM).toBeLessThan(50);
      const away = (await scan(r.headers, code, far)).json();
      expect(away).toMatchObject({ granted: false, reason: 'TOO_FAR', message: '你离这个门岗太远' });
      expect(away.distanceM).toBeGreaterThan(1300);
      expect((await scan(r.headers, code)).json()).toMatchObject({ granted: false, reason: 'LOCATION_REQUIRED' });
    });

    it('a new guide row defaults to on (the column defaults match)', async () => {
      await t.db.insert(communityAccess).values({ communityId: w.b.community.id });
      const [row] = await t.db.select().from(communityAccess).where(eq(communityAccess.communityId, w.b.community.id));
      expect(row).toMatchObject({ requireLocation: true, maxDistanceM: 300 });
    });

    it('the migration turns it on for communities that had it off, keeping a larger radius', async () => {
      const file = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_scan_location_gate_number.sql'))!;
      const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, file), 'utf8');
      const update = text.slice(text.indexOf('UPDATE "community_access"'));
      const b = w.b.community.id;
      await t.db
        .update(communityAccess)
        .set({ requireLocation: false, maxDistanceM: 200 })
        .where(eq(communityAccess.communityId, b));
      await t.db.execute(sql.raw(update));
      const [row] = await t.db.select().from(communityAccess).where(eq(communityAccess.communityId, b));
      expect(row).toMatchObject({ requireLocation: true, maxDistanceM: 300 });
      await t.db
        .update(communityAccess)
        .set({ requireLocation: false, maxDistanceM: 800 })
        .where(eq(communityAccess.communityId, b));
      await t.db.execute(sql.raw(update));
      const [wide] = await t.db.select().from(communityAccess).where(eq(communityAccess.communityId, b));
      expect(wide).toMatchObject({ requireLocation: true, maxDistanceM: 800 });
    });

    it('the on-screen log carries the distance of each scan', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/events?communityId=${c.id}`,
        headers: w.adminA,
      });
      const tooFar = res.json().items.find((e: { reason: string }) => e.reason === 'TOO_FAR');
      expect(tooFar.distanceM).toBeGreaterThan(1300);
    });
  });

  describe('门岗号 under the poster’s QR', () => {
    it('the poster prints an 8-digit 门岗号 (SVG text, PNG too), the same each time, listed with the gate', async () => {
      const svg = await poster(gate.id);
      expect(svg.statusCode).toBe(200);
      const number = numberOn(svg.body);
      expect(number).toMatch(/^\d{8}$/);
      expect(numberOn((await poster(gate.id)).body)).toBe(number);
      const png = await poster(gate.id, 'png');
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/communities/${c.id}/gates`,
        headers: w.adminA,
      });
      expect(list.json().items.find((g: { id: string }) => g.id === gate.id).gateNumber).toBe(number);
    });

    it('a rider types it (with a space or a dash) and gets in at the gate; from afar the location rule still refuses', async () => {
      const number = numberOn((await poster(gate.id)).body)!;
      const r = await approvedRider();
      const typed = `${number.slice(0, 4)} ${number.slice(4)}`;
      const res = await scan(r.headers, typed, near);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ granted: true, gate: expect.objectContaining({ id: gate.id }) });
      expect((await scan(r.headers, `${number.slice(0, 4)}-${number.slice(4)}`, far)).json()).toMatchObject({
        granted: false,
        reason: 'TOO_FAR',
      });
    });

    it('an unknown number is 400 GATE_NUMBER_UNKNOWN on `code`, in Chinese; a new gate code retires the old number', async () => {
      const r = await approvedRider();
      const wrong = expectError(await scan(r.headers, '0000 0001', near), 400, 'GATE_NUMBER_UNKNOWN');
      expect(wrong.field).toBe('code');
      expect(wrong.message).toMatch(/门岗号/);

      const other = await createGate(t.db, c.id, { name: '西门', lat: 39.92, lng: 116.46 });
      const old = numberOn((await poster(other.id)).body)!;
      const regen = await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/gates/${other.id}/code`,
        headers: w.adminA,
      });
      expect(regen.json().gateNumber).toBeNull();
      expectError(await scan(r.headers, old, near), 400, 'GATE_NUMBER_UNKNOWN');
      const fresh = numberOn((await poster(other.id)).body)!;
      expect(fresh).not.toBe(old);
      expect((await scan(r.headers, fresh, near)).json()).toMatchObject({ granted: true });
    });

    it('another community’s admin cannot print the poster (no number leaks)', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/gates/${gate.id}/poster?format=svg`,
        headers: w.adminB,
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('staff read about the rider, in Beijing time, with platform names', () => {
    it("a guard's check result says 该骑手…, not 你的…", async () => {
      const guard = await createUser(t.db, 'gate_guard', [{ kind: 'gate', refId: gate.id }]);
      const user = await createUser(t.db, 'rider');
      const headers = bearer(accessTokenFor(t.app, user));
      await register(t.app, headers, { realName: '钱七' }); // no pass here
      const code = (await t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers })).json().code;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/access/rider-checks',
        headers: bearer(accessTokenFor(t.app, guard)),
        payload: { code },
      });
      expect(res.json()).toMatchObject({ granted: false, reason: 'NO_PASS', message: '该骑手没有本小区的通行证' });
      expect(res.json().message).not.toContain('你');
    });

    it('the CSV export has Beijing times (2026-12-07 09:30:00) and platform names (饿了么, not eleme)', async () => {
      // A 饿了么 rider without a pass here (the community admits 美团 only).
      const user = await createUser(t.db, 'rider');
      const headers = bearer(accessTokenFor(t.app, user));
      await register(t.app, headers, { realName: '孙八', platform: 'eleme' });
      await scan(headers, gateCodeUrl(t.config.access, gate.id, gate.codeVersion), near);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/events.csv?communityId=${c.id}&reason=NO_PASS`,
        headers: w.adminA,
      });
      const row = res.body.split('\r\n').find((l) => l.includes('孙八'))!;
      expect(row.startsWith('"2026-12-07 09:30:00"')).toBe(true);
      expect(row).toContain('"饿了么"');
      expect(row).not.toContain('eleme');
      expect(row).toContain('"NO_PASS","该骑手没有本小区的通行证"');
      expect(res.body).not.toContain('T01:30:00');
    });
  });
});
