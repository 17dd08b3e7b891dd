import { eq, sql } from 'drizzle-orm';
import { EARTHDISTANCE_RADIUS_M, greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { rowsOf } from '../../../server/src/db/client.js';
import { accessEvents, communityAccess, gates, passes } from '../../../server/src/db/schema/index.js';
import { gateCodeUrl, scanStatement } from '../../../server/src/access/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import {
  applyAndApprove,
  createAccessWorld,
  createGate,
  register,
  scanBody,
  suspendRider,
} from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

describe('scan to enter: the decision and its rules', () => {
  let t: TestContext;
  let w: World;
  // Every test uses its own rider, so de-duplication and the rate limit never mix tests.
  beforeAll(async () => {
    t = await buildTestApp({ ACCESS_DEDUPE_SECONDS: '0' });
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const codeOf = (gate: { id: string; codeVersion: number }) => gateCodeUrl(t.config.access, gate.id, gate.codeVersion);
  const scan = (headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/access/scans', headers, payload });
  async function rider(opts: { approvedIn?: string; appliedIn?: string; register?: boolean } = {}) {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    if (opts.register !== false) await register(t.app, headers);
    if (opts.approvedIn) await applyAndApprove(t.app, headers, opts.approvedIn, w.adminA);
    if (opts.appliedIn) await applyAndApprove(t.app, headers, opts.appliedIn);
    return { user, headers };
  }
  const eventsOf = (riderId: string) => t.db.select().from(accessEvents).where(eq(accessEvents.riderId, riderId));

  it('grants an approved rider at once, with the building guide, parking and transfer point', async () => {
    const guide = {
      buildings: [{ number: '3号楼', entrance: { lat: 39.9201, lng: 116.4602 }, note: '北侧单元门' }],
      parking: { lat: 39.9202, lng: 116.4603, description: '东门内停车区' },
      transferPoint: { lat: 39.9203, lng: 116.4604, description: '岗亭旁' },
      notes: '慢行',
    };
    await t.db
      .insert(communityAccess)
      .values({ communityId: w.a.community.id, ...guide })
      .onConflictDoUpdate({ target: communityAccess.communityId, set: guide });
    const r = await rider({ approvedIn: w.a.community.id });
    const res = await scan(r.headers, scanBody(codeOf(w.gateA)));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual(
      expect.objectContaining({ granted: true, reason: 'GRANTED', message: '已准入', nextStep: null, repeated: false }),
    );
    expect(body.community.name).toBe(w.a.community.name);
    expect(body.gate.id).toBe(w.gateA.id);
    expect(body.guide.buildings[0].number).toBe('3号楼');
    expect(body.guide.parking.description).toBe('东门内停车区');
    expect(body.guide.transferPoint.description).toBe('岗亭旁');
    const [event] = await eventsOf(r.user.id);
    expect(event).toEqual(
      expect.objectContaining({
        id: body.eventId,
        granted: true,
        reason: 'GRANTED',
        gateId: w.gateA.id,
        method: 'gate_code',
      }),
    );
  });

  it.each([
    ['no pass at all', 'NO_PASS'],
    ['a pending application', 'PASS_PENDING'],
    ['a rejected application', 'PASS_REJECTED'],
    ['a revoked pass', 'PASS_REVOKED'],
    ['an expired pass', 'PASS_EXPIRED'],
    ['a suspended rider', 'RIDER_SUSPENDED'],
  ])('denies %s with reason %s and a next step, and records it', async (_label, reason) => {
    const r = await rider();
    if (reason !== 'NO_PASS')
      await applyAndApprove(t.app, r.headers, w.a.community.id, reason === 'PASS_PENDING' ? undefined : w.adminA);
    if (reason === 'PASS_REJECTED')
      await t.db.update(passes).set({ status: 'rejected', reason: '资料不全' }).where(eq(passes.riderId, r.user.id));
    if (reason === 'PASS_REVOKED')
      await t.db.update(passes).set({ status: 'revoked' }).where(eq(passes.riderId, r.user.id));
    if (reason === 'PASS_EXPIRED')
      await t.db
        .update(passes)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(passes.riderId, r.user.id));
    if (reason === 'RIDER_SUSPENDED') await suspendRider(t.db, r.user.id);
    const res = await scan(r.headers, scanBody(codeOf(w.gateA)));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual(expect.objectContaining({ granted: false, reason, guide: null }));
    expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(body.nextStep).toMatch(/[\u4e00-\u9fa5]/);
    expect((await eventsOf(r.user.id)).map((e) => e.reason)).toEqual([reason]);
  });

  it('a rider with a pass elsewhere gets WRONG_COMMUNITY at another community’s gate', async () => {
    const r = await rider({ approvedIn: w.a.community.id });
    const res = await scan(r.headers, scanBody(codeOf(w.gateB)));
    expect(res.json()).toEqual(expect.objectContaining({ granted: false, reason: 'WRONG_COMMUNITY' }));
  });

  it('an unregistered rider is told to apply (NO_PASS)', async () => {
    const r = await rider({ register: false });
    expect((await scan(r.headers, scanBody(codeOf(w.gateA)))).json().reason).toBe('NO_PASS');
  });

  it('a disabled gate denies with GATE_INACTIVE', async () => {
    const gate = await createGate(t.db, w.a.community.id, { name: '西门', active: false });
    const r = await rider({ approvedIn: w.a.community.id });
    expect((await scan(r.headers, scanBody(codeOf(gate)))).json().reason).toBe('GATE_INACTIVE');
  });

  it('revocation takes effect on the very next scan', async () => {
    const r = await rider();
    const pass = await applyAndApprove(t.app, r.headers, w.a.community.id, w.adminA);
    expect((await scan(r.headers, scanBody(codeOf(w.gateA)))).json().granted).toBe(true);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/access/passes/${pass.id}/revoke`,
      headers: w.adminA,
      payload: { reason: '违规' },
    });
    expect((await scan(r.headers, scanBody(codeOf(w.gateA)))).json().reason).toBe('PASS_REVOKED');
  });

  describe('location rule (community requires it)', () => {
    let gate: Awaited<ReturnType<typeof createGate>>;
    beforeAll(async () => {
      gate = await createGate(t.db, w.a.community.id, { name: '定位门', lat: 39.92, lng: 116.46 });
      await t.db
        .insert(communityAccess)
        .values({ communityId: w.a.community.id, requireLocation: true, maxDistanceM: 100 })
        .onConflictDoUpdate({ target: communityAccess.communityId, set: { requireLocation: true, maxDistanceM: 100 } });
    });
    afterAll(async () => {
      await t.db
        .update(communityAccess)
        .set({ requireLocation: false })
        .where(eq(communityAccess.communityId, w.a.community.id));
    });

    it('grants within the distance and records the location and distance', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      const res = await scan(
        r.headers,
        scanBody(codeOf(gate), { location: { lat: 39.9203, lng: 116.46, coordSystem: 'gcj02' } }),
      );
      expect(res.json()).toEqual(expect.objectContaining({ granted: true }));
      expect(res.json().distanceM).toBeGreaterThan(25);
      expect(res.json().distanceM).toBeLessThan(40);
      const [event] = await eventsOf(r.user.id);
      expect(event!.lat).toBeCloseTo(39.9203, 6);
    });

    it('denies without a location (LOCATION_REQUIRED) and too far away (TOO_FAR)', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      expect((await scan(r.headers, scanBody(codeOf(gate)))).json().reason).toBe('LOCATION_REQUIRED');
      const far = await scan(
        r.headers,
        scanBody(codeOf(gate), { location: { lat: 39.93, lng: 116.46, coordSystem: 'gcj02' } }),
      );
      expect(far.json()).toEqual(expect.objectContaining({ granted: false, reason: 'TOO_FAR' }));
      expect(far.json().distanceM).toBeGreaterThan(1000);
    });

    it('converts a browser’s WGS-84 fix to GCJ-02 before measuring', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      // The WGS-84 point of the gate lies ~500 m from its GCJ-02 coordinates in Beijing.
      const wgs = { lat: 39.92 - 0.00127, lng: 116.46 - 0.00613 };
      const asGcj = await scan(r.headers, scanBody(codeOf(gate), { location: { ...wgs, coordSystem: 'gcj02' } }));
      expect(asGcj.json().reason).toBe('TOO_FAR');
      const asWgs = await scan(r.headers, scanBody(codeOf(gate), { location: { ...wgs, coordSystem: 'wgs84' } }));
      expect(asWgs.json()).toEqual(expect.objectContaining({ granted: true }));
    });
  });

  it('decides by the rules in order, the first that fails being the reason (access_decision)', async () => {
    const at = '2026-06-01T00:00:00Z';
    const base = {
      active: true,
      suspended: false,
      status: 'approved' as string | null,
      expires: null as string | null,
      other: false,
      require: false,
      max: 100,
      distance: null as number | null,
    };
    const cases: [Partial<typeof base>, string][] = [
      [{}, 'GRANTED'],
      [{ active: false, suspended: true, status: null }, 'GATE_INACTIVE'],
      [{ suspended: true, status: 'revoked' }, 'RIDER_SUSPENDED'],
      [{ status: null }, 'NO_PASS'],
      [{ status: null, other: true }, 'WRONG_COMMUNITY'],
      [{ status: 'pending', require: true }, 'PASS_PENDING'],
      [{ status: 'rejected' }, 'PASS_REJECTED'],
      [{ status: 'revoked' }, 'PASS_REVOKED'],
      [{ status: 'expired' }, 'PASS_EXPIRED'],
      [{ expires: at, require: true }, 'PASS_EXPIRED'],
      [{ expires: '2026-06-01T00:00:01Z' }, 'GRANTED'],
      [{ require: true }, 'LOCATION_REQUIRED'],
      [{ require: true, distance: 101 }, 'TOO_FAR'],
      [{ require: true, distance: 100 }, 'GRANTED'],
      [{ require: false, distance: 5000 }, 'GRANTED'],
    ];
    for (const [change, expected] of cases) {
      const c = { ...base, ...change };
      const rows = rowsOf<{ reason: string }>(
        await t.db.execute(sql`select access_decision(${c.active}::boolean, ${c.suspended}::boolean, ${c.status}::text,
          ${c.expires}::timestamptz, ${at}::timestamptz, ${c.other}::boolean, ${c.require}::boolean, ${c.max}::int,
          ${c.distance}::int) as reason`),
      );
      expect({ change, reason: rows[0]!.reason }).toEqual({ change, reason: expected });
    }
  });

  it('runs the rules inlined into the scan statement, not as a function call per scan', async () => {
    // The values as literals (a location too: its distance is what could stop the inlining).
    const values = [
      `'${w.gateA.id}'`,
      `'${w.gateA.id}'`,
      '1',
      'now()',
      'now()',
      'now()',
      '39.92',
      '116.46',
      'false',
      '200',
    ];
    const text = scanStatement.text.replace(/\$(\d+)/g, (_m, n: string) => values[Number(n) - 1]!);
    const rows = rowsOf<Record<string, string>>(await t.db.execute(sql.raw(`explain (verbose, costs off) ${text}`)));
    const plan = rows.map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain("CASE WHEN (NOT g.active) THEN 'GATE_INACTIVE'");
    expect(plan).not.toContain('access_decision(');
    // And the distance as arithmetic: ll_to_earth, which cannot be inlined, would be a SQL function
    // parsed and planned again on every scan.
    expect(plan).toContain('atan2(');
    expect(plan).not.toMatch(/great_circle_m\(|ll_to_earth\(|earth_distance\(/);
  });

  it('measures with great_circle_m exactly what earth_distance(ll_to_earth(..)) gives', async () => {
    const pairs = [
      [39.9, 116.4, 39.909, 116.412],
      [39.9219, 116.4436, 39.9219, 116.4436],
      [39.9, 116.4, 39.9, 116.40001],
      [-33.86, 151.2, 51.5, -0.12],
      [0, 0, 0, 180],
      [90, 0, -90, 0],
    ];
    for (const [a, b, c, d] of pairs) {
      const rows = rowsOf<{ ours: number | string; theirs: number | string }>(
        await t.db.execute(sql`select great_circle_m(${a}::float8, ${b}::float8, ${c}::float8, ${d}::float8) as ours,
          earth_distance(ll_to_earth(${a}::float8, ${b}::float8), ll_to_earth(${c}::float8, ${d}::float8)) as theirs`),
      );
      const { ours, theirs } = rows[0]!;
      expect(Math.abs(Number(ours) - Number(theirs))).toBeLessThan(1e-6 * Math.max(1, Number(theirs)));
    }
    const none = rowsOf<{ m: number | null }>(
      await t.db.execute(sql`select great_circle_m(null, null, 39.9, 116.4) as m`),
    );
    expect(none[0]!.m).toBeNull();
  });

  it('measures the distance on earthdistance’s sphere, as station distances are', async () => {
    const gate = await createGate(t.db, w.a.community.id, { name: '量距门', lat: 39.9, lng: 116.4 });
    const r = await rider({ approvedIn: w.a.community.id });
    const spot = { lat: 39.909, lng: 116.412 }; // ~1.4 km: the two spheres differ by ~1.6 m
    const res = await scan(r.headers, scanBody(codeOf(gate), { location: { ...spot, coordSystem: 'gcj02' } }));
    expect(res.json().distanceM).toBe(Math.round(greatCircleMetres(spot, gate, EARTHDISTANCE_RADIUS_M)));
  });

  describe('bad input and attacks: a clear 4xx, recorded', () => {
    const lastRefusal = async (riderId: string) => {
      const rows = await eventsOf(riderId);
      return rows[rows.length - 1];
    };

    it('a forged signature is 400 GATE_CODE_INVALID', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      const forged = codeOf(w.gateA).replace(/s=[^&]+/, 's=AAAAAAAAAAAAAAAAAAAAAA');
      expectError(await scan(r.headers, scanBody(forged)), 400, 'GATE_CODE_INVALID');
      expect(await lastRefusal(r.user.id)).toEqual(
        expect.objectContaining({ granted: false, reason: 'GATE_CODE_INVALID', gateId: null }),
      );
    });

    it('an altered gate id or version with the old signature is 400 GATE_CODE_INVALID', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      const altered = codeOf(w.gateA).replace(`g=${w.gateA.id}`, `g=${w.gateB.id}`);
      expectError(await scan(r.headers, scanBody(altered)), 400, 'GATE_CODE_INVALID');
      const bumped = codeOf(w.gateA).replace('v=1', 'v=2');
      expectError(await scan(r.headers, scanBody(bumped)), 400, 'GATE_CODE_INVALID');
    });

    it.each([
      ['plain text', '我是一个普通二维码'],
      ['a URL without the parameters', 'https://nuanxin.example/q/gate'],
      ['a truncated code', 'https://nuanxin.example/q/gate?g=1234&v=1&k=dev1&s=abc'],
    ])('%s is 400 GATE_CODE_INVALID', async (_label, code) => {
      const r = await rider();
      expectError(await scan(r.headers, scanBody(code)), 400, 'GATE_CODE_INVALID');
    });

    it('a code signed with a retired key is 400 GATE_CODE_KEY_REVOKED', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      const old = codeOf(w.gateA).replace('k=dev1', 'k=old0');
      expectError(await scan(r.headers, scanBody(old)), 400, 'GATE_CODE_KEY_REVOKED');
    });

    it('regenerating a gate’s code makes the old poster 410 GATE_CODE_SUPERSEDED; the new one works', async () => {
      const gate = await createGate(t.db, w.a.community.id, { name: '重印门' });
      const r = await rider({ approvedIn: w.a.community.id });
      const oldCode = codeOf(gate);
      const regen = await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/gates/${gate.id}/code`,
        headers: w.adminA,
      });
      expect(regen.json().codeVersion).toBe(2);
      expectError(await scan(r.headers, scanBody(oldCode)), 410, 'GATE_CODE_SUPERSEDED');
      expect(await lastRefusal(r.user.id)).toEqual(
        expect.objectContaining({ reason: 'GATE_CODE_SUPERSEDED', gateId: gate.id }),
      );
      expect((await scan(r.headers, scanBody(regen.json().codeUrl))).json().granted).toBe(true);
    });

    it('a validly signed code of a deleted gate is 404 GATE_UNKNOWN', async () => {
      const r = await rider();
      const code = gateCodeUrl(t.config.access, '0b7c1d3e-0000-4000-8000-000000000001', 1);
      expectError(await scan(r.headers, scanBody(code)), 404, 'GATE_UNKNOWN');
    });

    it('a scan time far from the server’s (a replayed or stale scan) is 400 SCAN_TIME_INVALID', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      const stale = new Date(Date.now() - 3600_000).toISOString();
      expectError(await scan(r.headers, { code: codeOf(w.gateA), scannedAt: stale }), 400, 'SCAN_TIME_INVALID');
    });

    it('a scan time PostgreSQL cannot store (year 0, found by the schema fuzz) is 400 naming the field, not 500', async () => {
      const r = await rider({ approvedIn: w.a.community.id });
      const res = await scan(r.headers, { code: codeOf(w.gateA), scannedAt: '0000-01-01T00:00:00Z' });
      expect(expectError(res, 400, 'VALIDATION_FAILED').field).toBe('scannedAt');
    });

    it.each([[{ lat: 91, lng: 116.46 }], [{ lat: 39.9, lng: -181 }]])(
      'coordinates out of range %j are 400 COORDINATE_OUT_OF_RANGE',
      async (location) => {
        const r = await rider({ approvedIn: w.a.community.id });
        expectError(await scan(r.headers, scanBody(codeOf(w.gateA), { location })), 400, 'COORDINATE_OUT_OF_RANGE');
        expect((await lastRefusal(r.user.id))!.reason).toBe('COORDINATE_OUT_OF_RANGE');
      },
    );

    it.each([
      ['an oversized code', { code: 'x'.repeat(513), scannedAt: new Date().toISOString() }, 'code'],
      ['a non-date scan time', { code: 'x', scannedAt: 'yesterday' }, 'scannedAt'],
      [
        'a string latitude',
        { code: 'x', scannedAt: new Date().toISOString(), location: { lat: 'north', lng: 1 } },
        'location.lat',
      ],
      ['an extra field', { code: 'x', scannedAt: new Date().toISOString(), admin: true }, 'admin'],
    ])('%s is 400 VALIDATION_FAILED naming the field', async (_label, payload, field) => {
      const r = await rider();
      const body = expectError(await scan(r.headers, payload), 400, 'VALIDATION_FAILED');
      expect(body.field).toBe(field);
    });

    it('refusals are logged with their code, never with the code text', async () => {
      const r = await rider();
      await scan(r.headers, scanBody('https://nuanxin.example/q/gate?g=secret-marker'));
      const lines = t.logs.join('\n');
      expect(lines).toContain('GATE_CODE_INVALID');
      expect(lines).not.toContain('secret-marker');
    });

    it('a staff account cannot scan as a rider (403 FORBIDDEN); no token is 401', async () => {
      expectError(await scan(w.adminA, scanBody(codeOf(w.gateA))), 403, 'FORBIDDEN');
      expectError(await scan({}, scanBody(codeOf(w.gateA))), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('scan: repeats and the per-rider rate limit', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp({ ACCESS_DEDUPE_SECONDS: '5', ACCESS_SCAN_RATE_LIMIT: '6' });
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
  });
  const scan = (headers: Record<string, string>, gate: { id: string; codeVersion: number }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/access/scans',
      headers,
      payload: scanBody(gateCodeUrl(t.config.access, gate.id, gate.codeVersion)),
    });

  it('the same rider at the same gate within a few seconds is the same event', async () => {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    await applyAndApprove(t.app, headers, w.a.community.id, w.adminA);
    const first = (await scan(headers, w.gateA)).json();
    const second = (await scan(headers, w.gateA)).json();
    expect(second).toEqual({ ...first, repeated: true });
    expect(await t.db.select().from(accessEvents).where(eq(accessEvents.riderId, user.id))).toHaveLength(1);
    // A changed decision within the window is a new event, not the old answer.
    await t.db.update(passes).set({ status: 'revoked' }).where(eq(passes.riderId, user.id));
    const third = (await scan(headers, w.gateA)).json();
    expect(third).toEqual(expect.objectContaining({ reason: 'PASS_REVOKED', repeated: false }));
    expect(third.eventId).not.toBe(first.eventId);
    // Another gate is another event.
    const other = await createGate(t.db, w.a.community.id, { name: '北门' });
    expect((await scan(headers, other)).json().eventId).not.toBe(first.eventId);
  });

  it('simultaneous scans of the same rider at the same gate make one event, and all get its id', async () => {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    await applyAndApprove(t.app, headers, w.a.community.id, w.adminA);
    const answers = (await Promise.all(Array.from({ length: 5 }, () => scan(headers, w.gateA)))).map((r) => {
      expect(r.statusCode).toBe(200);
      return r.json() as { eventId: string; repeated: boolean; granted: boolean };
    });
    expect(new Set(answers.map((a) => a.eventId)).size).toBe(1);
    expect(answers.filter((a) => !a.repeated)).toHaveLength(1);
    expect(answers.every((a) => a.granted)).toBe(true);
    const events = await t.db.select().from(accessEvents).where(eq(accessEvents.riderId, user.id));
    expect(events.map((e) => e.id)).toEqual([answers[0]!.eventId]);
  });

  it('more scans than the limit per minute are 429 RATE_LIMITED for that rider only', async () => {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await scan(headers, w.gateB)).statusCode);
    expect(codes.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expectError(await scan(headers, w.gateB), 429, 'RATE_LIMITED');
    const someoneElse = await createUser(t.db, 'rider');
    expect((await scan(bearer(accessTokenFor(t.app, someoneElse)), w.gateB)).statusCode).toBe(200);
  });

  it('a gate row keeps its code version across edits (only regenerate bumps it)', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/access/gates/${w.gateA.id}`,
      headers: w.adminA,
      payload: { name: '东大门' },
    });
    expect(res.json()).toEqual(expect.objectContaining({ name: '东大门', codeVersion: 1 }));
    const [row] = await t.db.select().from(gates).where(eq(gates.id, w.gateA.id));
    expect(row!.codeVersion).toBe(1);
  });
});
