import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Database } from '../../../server/src/db/client.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, getAs, createTwoScopes, createUser } from '../../fixtures/factories.js';

type Scopes = Awaited<ReturnType<typeof createTwoScopes>>;
type Resource = 'community' | 'street' | 'merchant';
type Expect = 200 | 'OUT_OF_SCOPE' | 'FORBIDDEN';

const PATHS: Record<Resource, string> = {
  community: '/api/v1/communities',
  street: '/api/v1/streets',
  merchant: '/api/v1/merchants',
};

/** The caller of each role, all of them placed in scope A (the rider owns nothing). */
const callerOf = (s: Scopes, role: Role) =>
  (<Partial<Record<Role, { id: string; role: string }>>>{
    rider: s.rider,
    community_admin: s.a.communityAdmin,
    street_operator: s.a.streetOperator,
    merchant: s.a.merchantUser,
    district_admin: s.districtAdmin,
  })[role]!;

const resourceId = (side: Scopes['a'], resource: Resource) => side[resource].id;

describe('role × scope matrix', () => {
  let t: TestContext;
  let s: Scopes;

  beforeAll(async () => {
    t = await buildTestApp();
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, caller: { id: string; role: string }) => getAs(t.app, url, caller);

  const check = (res: Awaited<ReturnType<typeof get>>, expected: Expect, id: string) => {
    if (expected === 200) {
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(id);
    } else {
      expectError(res, 403, expected);
    }
  };

  // prettier-ignore
  it.each<[Resource, Role, Expect, Expect]>([
    // resource     role               own scope (A)    other scope (B)
    ['community',  'community_admin',  200,             'OUT_OF_SCOPE'],
    ['community',  'street_operator',  200,             'OUT_OF_SCOPE'],
    ['community',  'district_admin',   200,             'OUT_OF_SCOPE'],
    ['community',  'merchant',         'FORBIDDEN',     'FORBIDDEN'],
    ['community',  'rider',            'FORBIDDEN',     'FORBIDDEN'],
    ['street',     'street_operator',  200,             'OUT_OF_SCOPE'],
    ['street',     'district_admin',   200,             'OUT_OF_SCOPE'],
    ['street',     'community_admin',  'FORBIDDEN',     'FORBIDDEN'],
    ['street',     'merchant',         'FORBIDDEN',     'FORBIDDEN'],
    ['street',     'rider',            'FORBIDDEN',     'FORBIDDEN'],
    ['merchant',   'merchant',         200,             'OUT_OF_SCOPE'],
    ['merchant',   'street_operator',  200,             'OUT_OF_SCOPE'],
    ['merchant',   'district_admin',   200,             'OUT_OF_SCOPE'],
    // A community admin may call the route, but no shop lies inside a community scope.
    ['merchant',   'community_admin',  'OUT_OF_SCOPE',  'OUT_OF_SCOPE'],
    ['merchant',   'rider',            'FORBIDDEN',     'FORBIDDEN'],
  ])('GET %s/:id as %s: own scope → %s, other scope → %s', async (resource, role, own, other) => {
    const caller = callerOf(s, role);
    const ownId = resourceId(s.a, resource);
    const otherId = resourceId(s.b, resource);
    check(await get(`${PATHS[resource]}/${ownId}`, caller), own, ownId);
    check(await get(`${PATHS[resource]}/${otherId}`, caller), other, otherId);
  });

  it.each<Resource>(['community', 'street', 'merchant'])(
    'the other district’s admin sees its own %s and not ours',
    async (resource) => {
      check(
        await get(`${PATHS[resource]}/${resourceId(s.b, resource)}`, s.otherDistrictAdmin),
        200,
        resourceId(s.b, resource),
      );
      check(await get(`${PATHS[resource]}/${resourceId(s.a, resource)}`, s.otherDistrictAdmin), 'OUT_OF_SCOPE', '');
    },
  );

  it.each<Resource>(['community', 'street', 'merchant'])(
    'GET %s/:id with an unknown id answers 404 NOT_FOUND',
    async (resource) => {
      expectError(await get(`${PATHS[resource]}/${randomUUID()}`, s.districtAdmin), 404, 'NOT_FOUND');
    },
  );

  it.each<Resource>(['community', 'street', 'merchant'])(
    'GET %s/:id with a non-uuid id answers 400 VALIDATION_FAILED naming the field',
    async (resource) => {
      const body = expectError(await get(`${PATHS[resource]}/not-a-uuid`, s.districtAdmin), 400, 'VALIDATION_FAILED');
      expect(body.field).toBe('id');
    },
  );

  it('checks the role before the id: a rider gets 403 FORBIDDEN even for an unknown id', async () => {
    expectError(await get(`/api/v1/streets/${randomUUID()}`, s.rider), 403, 'FORBIDDEN');
  });

  // prettier-ignore
  it.each<[string, (x: Scopes) => { id: string; role: string }, (x: Scopes) => string[] | 'FORBIDDEN']>([
    ['community admin A',       (x) => x.a.communityAdmin,   (x) => [x.a.community.id]],
    ['street operator A',       (x) => x.a.streetOperator,   (x) => [x.a.community.id]],
    ['district admin A',        (x) => x.districtAdmin,      (x) => [x.a.community.id]],
    ['district admin B',        (x) => x.otherDistrictAdmin, (x) => [x.b.community.id]],
    ['merchant A',              (x) => x.a.merchantUser,     () => 'FORBIDDEN'],
    ['the rider',               (x) => x.rider,              () => 'FORBIDDEN'],
  ])('GET /communities as %s lists only its own communities', async (_label, caller, expected) => {
    const res = await get('/api/v1/communities', caller(s));
    const want = expected(s);
    if (want === 'FORBIDDEN') {
      expectError(res, 403, 'FORBIDDEN');
      return;
    }
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual(want);
  });

  it('a staff member with no scope rows sees nothing (deny by default)', async () => {
    const unscoped = await createUser(t.db, 'district_admin');
    const list = await get('/api/v1/communities', unscoped);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    expectError(await get(`/api/v1/streets/${s.a.street.id}`, unscoped), 403, 'OUT_OF_SCOPE');
  });

  it('uses the role stored in the database, not the one in the token', async () => {
    const forged = accessTokenFor(t.app, { id: s.rider.id, role: 'district_admin' });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/streets/${s.a.street.id}`, headers: bearer(forged) });
    expectError(res, 403, 'FORBIDDEN');
  });
});

describe('deny by default', () => {
  it('refuses to start when an /api route does not declare config.auth, and closes the database', async () => {
    let database: Database | undefined;
    await expect(
      buildTestApp(
        {},
        {
          onDatabase: (d) => {
            database = d;
          },
          beforeReady: (app) => {
            app.get('/api/v1/unguarded', async () => 'x');
          },
        },
      ),
    ).rejects.toThrow(/must declare config\.auth/);
    expect(database).toBeDefined();
    await expect(database!.db.execute(sql`select 1`)).rejects.toThrow();
  });

  it('accepts a route outside /api without config.auth', async () => {
    const t = await buildTestApp(
      {},
      {
        beforeReady: (app) => {
          app.get('/unguarded-outside-api', async () => 'x');
        },
      },
    );
    try {
      expect((await t.app.inject({ method: 'GET', url: '/unguarded-outside-api' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
