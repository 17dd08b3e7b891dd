import { sql } from 'drizzle-orm';
import { PrincipalCache, type PrincipalRecord } from '../../../server/src/auth/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { testEngine } from '../../support/engine.js';
import { expectError } from '../../support/http.js';
import { createTwoScopes, createUser, getAs } from '../../fixtures/factories.js';

const record = (userId: string): PrincipalRecord => ({
  status: 'active',
  validAfterMs: null,
  principal: {
    userId,
    role: 'rider',
    districtIds: [],
    streetIds: [],
    communityIds: [],
    merchantIds: [],
    gateIds: [],
    teamIds: [],
    apartmentIds: [],
  },
});

describe('PrincipalCache', () => {
  it('serves and stores nothing until it is listening, and forgets everything when listening stops', () => {
    const cache = new PrincipalCache();
    cache.set('u1', record('u1'), cache.readStarted());
    expect(cache.get('u1')).toBeUndefined();
    cache.setLive(true);
    cache.set('u1', record('u1'), cache.readStarted());
    expect(cache.get('u1')?.principal.userId).toBe('u1');
    cache.setLive(false);
    expect(cache.get('u1')).toBeUndefined();
    cache.setLive(true);
    expect(cache.size).toBe(0);
  });

  it('does not store a read that began before a change was heard', () => {
    const cache = new PrincipalCache();
    cache.setLive(true);
    const started = cache.readStarted();
    cache.notified('someone-else'); // any change: the read may have raced it
    cache.set('u1', record('u1'), started);
    expect(cache.get('u1')).toBeUndefined();
    cache.set('u1', record('u1'), cache.readStarted());
    cache.notified('u1');
    expect(cache.get('u1')).toBeUndefined();
  });

  it("forgets everyone on '*', keeps at most `capacity` (oldest out) and for at most `maxAgeMs`", () => {
    let now = 0;
    const cache = new PrincipalCache(2, 1_000, () => now);
    cache.setLive(true);
    for (const id of ['a', 'b', 'c']) cache.set(id, record(id), cache.readStarted());
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((r) => r?.principal.userId)).toEqual([
      undefined,
      'b',
      'c',
    ]);
    now = 1_001;
    expect(cache.get('b')).toBeUndefined();
    cache.set('d', record('d'), cache.readStarted());
    cache.notified('*');
    expect(cache.size).toBe(0);
  });

  it('tells a waiter when a user is forgotten, and gives up after the timeout', async () => {
    const cache = new PrincipalCache();
    const heard = cache.forgotten('u1');
    cache.notified('u2');
    cache.notified('u1');
    await expect(heard).resolves.toBeUndefined();
    await expect(cache.forgotten('u1', 20)).rejects.toThrow('not forgotten');
  });
});

describe('the guard through the cache, with changes made in SQL', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  beforeAll(async () => {
    t = await buildTestApp();
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, user: { id: string; role: string }) => getAs(t.app, url, user);
  /** Runs `change` in SQL, as an operator in psql would, and waits for the app to hear of it. */
  const inSql = async (userId: string, change: ReturnType<typeof sql>) => {
    const heard = t.app.principals.forgotten(userId);
    await t.db.execute(change);
    await heard;
  };

  it('listens from the start, and keeps the principal it read', async () => {
    expect(t.app.principals.live).toBe(true);
    // The scope in SQL, waited for: a read racing a change's notification is (rightly) not kept.
    const admin = await createUser(t.db, 'district_admin');
    await inSql(
      admin.id,
      sql`insert into staff_scopes (user_id, kind, ref_id) values (${admin.id}, 'district', ${s.district.id})`,
    );
    expect(t.app.principals.get(admin.id)).toBeUndefined();
    expect((await get(`/api/v1/streets/${s.a.street.id}`, admin)).statusCode).toBe(200);
    expect(t.app.principals.get(admin.id)?.principal.districtIds).toEqual([s.district.id]);
  });

  it('a scope granted and taken away in SQL applies to the next request', async () => {
    const admin = await createUser(t.db, 'district_admin');
    const url = `/api/v1/streets/${s.a.street.id}`;
    expectError(await get(url, admin), 403, 'OUT_OF_SCOPE');
    await inSql(
      admin.id,
      sql`insert into staff_scopes (user_id, kind, ref_id) values (${admin.id}, 'district', ${s.district.id})`,
    );
    expect((await get(url, admin)).statusCode).toBe(200);
    await inSql(admin.id, sql`delete from staff_scopes where user_id = ${admin.id}`);
    expectError(await get(url, admin), 403, 'OUT_OF_SCOPE');
  });

  it('a role taken away, a suspension and a token cut-off set in SQL apply to the next request', async () => {
    const admin = await createUser(t.db, 'district_admin', [{ kind: 'district', refId: s.district.id }]);
    const url = `/api/v1/streets/${s.a.street.id}`;
    expect((await get(url, admin)).statusCode).toBe(200);
    await inSql(admin.id, sql`update users set role = 'rider' where id = ${admin.id}`);
    expectError(await get(url, admin), 403, 'FORBIDDEN');
    await inSql(admin.id, sql`update users set role = 'district_admin' where id = ${admin.id}`);
    expect((await get(url, admin)).statusCode).toBe(200);
    await inSql(admin.id, sql`update users set status = 'suspended' where id = ${admin.id}`);
    expectError(await get(url, admin), 401, 'TOKEN_INVALID');
    await inSql(admin.id, sql`update users set status = 'active' where id = ${admin.id}`);
    expect((await get(url, admin)).statusCode).toBe(200);
    await inSql(
      admin.id,
      sql`update users set tokens_valid_after = now() + interval '5 seconds' where id = ${admin.id}`,
    );
    expectError(await get(url, admin), 401, 'TOKEN_INVALID');
  });

  it('a change to another column of users notifies nobody', async () => {
    const rider = await createUser(t.db, 'rider');
    expect((await get('/api/v1/me', rider)).statusCode).toBe(200);
    await t.db.execute(sql`update users set display_name = '改了名字' where id = ${rider.id}`);
    await t.db.execute(sql`select 1`); // a round trip later, a notification would have arrived
    expect(t.app.principals.get(rider.id)).toBeDefined();
  });

  const itPostgres = testEngine() === 'postgres' ? it : it.skip;
  itPostgres('when the listening connection drops, requests read the database until it listens again', async () => {
    const rider = await createUser(t.db, 'rider');
    await t.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
                            where application_name = 'nuanxin listen principal_changed' and datname = current_database()`);
    const until = async (cond: () => boolean) => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(cond()).toBe(true);
    };
    await until(() => !t.app.principals.live);
    expect((await get('/api/v1/me', rider)).statusCode).toBe(200);
    expect(t.app.principals.get(rider.id)).toBeUndefined();
    await until(() => t.app.principals.live);
    expect((await get('/api/v1/me', rider)).statusCode).toBe(200);
    expect(t.app.principals.get(rider.id)).toBeDefined();
    // And it hears changes again.
    await inSql(rider.id, sql`update users set status = 'suspended' where id = ${rider.id}`);
    expectError(await get('/api/v1/me', rider), 401, 'TOKEN_INVALID');
  });
});
