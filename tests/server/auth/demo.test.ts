import { sql } from 'drizzle-orm';
import { ROLES } from '@nuanxin/shared/auth/constants';
import type { DemoAccount } from '@nuanxin/shared/auth/schemas';
import { rowsOf, type Db } from '../../../server/src/db/client.js';
import { DEMO_COMMUNITIES, DEMO_STATIONS, DEMO_USERS, seedDemo } from '../../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { bearer, demoLogin } from '../../fixtures/factories.js';

// Every job's demo rows, so the second seedDemo run is seen to add nothing anywhere (the stations and
// access demo files used to seed twice each to check this for their own tables).
const TABLES = [
  'districts',
  'streets',
  'communities',
  'merchants',
  'users',
  'staff_scopes',
  'stations',
  'gates',
  'passes',
  'rider_profiles',
  'point_transfers',
  'rewards',
  'reports',
  'report_updates',
] as const;

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${table}`)));
    counts[table] = row!.n;
  }
  return counts;
}

describe('seedDemo', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  // The one test that seeds from scratch (every other file starts from the demo template, which
  // the global setup seeded the same way). Seeding twice is heavy on a busy machine, hence the time.
  it('fills a freshly migrated database, and running it again changes nothing', async () => {
    await seedDemo(t.db);
    const seeded = await rowCounts(t.db);
    expect(seeded.users).toBe(DEMO_USERS.length);
    expect(seeded.communities).toBe(DEMO_COMMUNITIES.length);
    expect(seeded.stations).toBe(DEMO_STATIONS.length);
    await seedDemo(t.db);
    expect(await rowCounts(t.db)).toEqual(seeded);
  }, 120_000);
});

describe('demo mode (on)', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'true', LOGIN_RATE_LIMIT: '1000' }, { demo: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the seeded demo accounts, covering every role, riders first', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts' });
    expect(res.statusCode).toBe(200);
    const accounts: DemoAccount[] = res.json().accounts;
    expect(accounts.map((a) => a.account).sort()).toEqual(DEMO_USERS.map((u) => u.account).sort());
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(ROLES));
    expect(accounts[0]!.role).toBe('rider');
    for (const role of ROLES) {
      expect(accounts.filter((a) => a.role === role).length).toBeGreaterThanOrEqual(1);
    }
    const admin = accounts.find((a) => a.account === 'community_admin')!;
    expect(admin.scopeLabel).toContain('金台里小区');
    expect(accounts.find((a) => a.account === 'district_admin')!.scopeLabel).toBe('朝阳区');
  });

  it('demo riders read as distinct people, never "骑手 骑手"', async () => {
    const accounts: DemoAccount[] = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts' })).json()
      .accounts;
    const riders = accounts.filter((a) => a.role === 'rider');
    expect(riders.length).toBeGreaterThanOrEqual(2);
    for (const r of riders) expect(r.scopeLabel).not.toBe('骑手');
    expect(new Set(riders.map((r) => `${r.displayName} ${r.scopeLabel}`)).size).toBe(riders.length);
    expect(riders.find((r) => r.account === 'rider')!.scopeLabel).toBe('已登记 · 美团 · 美团金台路站');
    expect(riders.find((r) => r.account === 'rider2')!.scopeLabel).toBe('未登记：可体验首次登记');
  });

  it('demo-login with an unknown account answers 404 DEMO_ACCOUNT_UNKNOWN', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo-login', payload: { account: 'nobody' } });
    expectError(res, 404, 'DEMO_ACCOUNT_UNKNOWN');
  });

  it('the demo community admin’s /me shows its two communities', async () => {
    const tokens = await demoLogin(t.app, 'community_admin');
    expect(tokens.user.role).toBe('community_admin');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(tokens.accessToken) });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    const expected = DEMO_COMMUNITIES.filter((c) => c.code.startsWith('C-HJL-')).map((c) => c.name);
    expect(me.scope.communities.map((c: { name: string }) => c.name).sort()).toEqual([...expected].sort());
    expect(me.scope.communities).toHaveLength(2);
    expect(me.scope).toMatchObject({ district: null, street: null, merchant: null });
    expect(me.phoneMasked).toBe('*******1187');
  });

  it('every demo account can sign in and gets its own role', async () => {
    for (const u of DEMO_USERS) {
      const tokens = await demoLogin(t.app, u.account);
      expect({ account: u.account, role: tokens.user.role }).toEqual({ account: u.account, role: u.role });
    }
  });
});

describe('demo mode (off)', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'false' }, { demo: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /auth/demo-accounts answers 404 DEMO_DISABLED', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts' }), 404, 'DEMO_DISABLED');
  });

  it('POST /auth/demo-login answers 404 DEMO_DISABLED even for a seeded account', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo-login',
      payload: { account: 'district_admin' },
    });
    expectError(res, 404, 'DEMO_DISABLED');
  });
});
