import { eq } from 'drizzle-orm';
import { riderProfiles } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { profileBody, validIdNumber } from '../../fixtures/access.js';

describe('rider profile (registered once, reused)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const put = (headers: Record<string, string>, payload: unknown) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/access/profile', headers, payload: payload as object });

  it('registers a rider and returns only masked phone and ID; stores a keyed hash and the last 4', async () => {
    const rider = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, rider));
    const id = validIdNumber();
    const res = await put(headers, profileBody({ phone: '13912345678', idNumber: id }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.phoneMasked).toBe('139****5678');
    expect(body.idMasked).toBe(`**************${id.slice(-4)}`);
    expect(res.body).not.toContain(id);
    expect(res.body).not.toContain('13912345678');
    const [row] = await t.db.select().from(riderProfiles).where(eq(riderProfiles.userId, rider.id));
    expect(row!.idLast4).toBe(id.slice(-4));
    expect(row!.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(id);
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/access/profile', headers });
    expect(again.json().profile.realName).toBe('测试骑手');
    expect(t.logs.join('\n')).not.toContain(id);
    expect(t.logs.join('\n')).not.toContain('13912345678');
  });

  it('GET /profile of an unregistered rider answers { profile: null }', async () => {
    const rider = await createUser(t.db, 'rider');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/access/profile',
      headers: bearer(accessTokenFor(t.app, rider)),
    });
    expect(res.json()).toEqual({ profile: null });
  });

  it.each([
    ['an ID with a wrong check character', { idNumber: '110105199003071230' }, 'ID_NUMBER_INVALID', 'idNumber'],
    ['an ID with an impossible birth date', { idNumber: '110105199002301234' }, 'ID_NUMBER_INVALID', 'idNumber'],
    ['a 15-digit ID', { idNumber: '110105900307123' }, 'ID_NUMBER_INVALID', 'idNumber'],
    ['a landline phone', { phone: '01065001234' }, 'PHONE_INVALID', 'phone'],
    ['a plate with symbols', { plate: '京A<script>' }, 'PLATE_INVALID', 'plate'],
  ])('refuses %s with 400 %s', async (_label, overrides, code, field) => {
    const rider = await createUser(t.db, 'rider');
    const body = expectError(await put(bearer(accessTokenFor(t.app, rider)), profileBody(overrides)), 400, code);
    expect(body.field).toBe(field);
  });

  it.each([
    ['an oversized name', { realName: '名'.repeat(21) }, 'realName'],
    ['an oversized station', { stationName: '站'.repeat(41) }, 'stationName'],
    ['an unknown platform', { platform: 'uber' }, 'platform'],
    ['an unknown field', { nickname: 'x' }, 'nickname'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, overrides, field) => {
    const rider = await createUser(t.db, 'rider');
    const body = expectError(
      await put(bearer(accessTokenFor(t.app, rider)), profileBody(overrides)),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.field).toBe(field);
  });

  it('refuses the same ID number on a second WeChat account (409 ID_NUMBER_TAKEN)', async () => {
    const id = validIdNumber();
    const a = await createUser(t.db, 'rider');
    const b = await createUser(t.db, 'rider');
    expect((await put(bearer(accessTokenFor(t.app, a)), profileBody({ idNumber: id }))).statusCode).toBe(200);
    expectError(
      await put(bearer(accessTokenFor(t.app, b)), profileBody({ idNumber: id.toLowerCase() })),
      409,
      'ID_NUMBER_TAKEN',
    );
  });

  it('edits without re-entering the ID number (the stored hash stays)', async () => {
    const rider = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, rider));
    const id = validIdNumber();
    await put(headers, profileBody({ idNumber: id }));
    const { idNumber: _omit, ...rest } = profileBody({ stationName: '新站点' });
    const res = await put(headers, rest);
    expect(res.statusCode).toBe(200);
    expect(res.json().stationName).toBe('新站点');
    expect(res.json().idMasked.endsWith(id.slice(-4))).toBe(true);
  });

  it('edits without the phone: the stored number is kept, never returned in full', async () => {
    const rider = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, rider));
    await put(headers, profileBody({ phone: '13812341234' }));
    const { idNumber: _id, phone: _phone, ...rest } = profileBody({ stationName: '改过的站点' });
    const res = await put(headers, rest);
    expect(res.statusCode).toBe(200);
    expect(res.json().stationName).toBe('改过的站点');
    expect(res.json().phoneMasked).toBe('138****1234');
    expect(res.body).not.toContain('13812341234');
    const [row] = await t.db.select().from(riderProfiles).where(eq(riderProfiles.userId, rider.id));
    expect(row!.phone).toBe('13812341234');
    expect(row!.stationName).toBe('改过的站点');
  });

  it('an edit with a new phone changes it', async () => {
    const rider = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, rider));
    await put(headers, profileBody({ phone: '13812341234' }));
    const { idNumber: _id, ...rest } = profileBody({ phone: '13900001111' });
    expect((await put(headers, rest)).json().phoneMasked).toBe('139****1111');
  });

  it('a first registration without a phone is refused with its Chinese name', async () => {
    const rider = await createUser(t.db, 'rider');
    const { phone: _omit, ...rest } = profileBody();
    const body = expectError(await put(bearer(accessTokenFor(t.app, rider)), rest), 400, 'PHONE_INVALID');
    expect(body.field).toBe('phone');
    expect(body.message).toContain('手机号');
    const [row] = await t.db.select().from(riderProfiles).where(eq(riderProfiles.userId, rider.id));
    expect(row).toBeUndefined();
  });

  it('a first registration without an ID number is refused', async () => {
    const rider = await createUser(t.db, 'rider');
    const { idNumber: _omit, ...rest } = profileBody();
    expectError(await put(bearer(accessTokenFor(t.app, rider)), rest), 400, 'ID_NUMBER_INVALID');
  });

  it('only riders have a rider profile (staff get 403 FORBIDDEN)', async () => {
    const admin = await createUser(t.db, 'community_admin');
    expectError(await put(bearer(accessTokenFor(t.app, admin)), profileBody()), 403, 'FORBIDDEN');
  });
});
