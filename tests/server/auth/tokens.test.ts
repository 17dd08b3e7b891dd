import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TokenPair } from '@nuanxin/shared/auth/schemas';
import { refreshTokens } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import {
  accessTokenFor,
  bearer,
  createDemoUser,
  demoLogin,
  setUserStatus,
  signAccessToken,
} from '../../fixtures/factories.js';

describe('access and refresh tokens', () => {
  let t: TestContext;

  beforeAll(async () => {
    // No grace window here: a reuse is theft at once. The race window has its own describe below.
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '1000', REFRESH_REUSE_GRACE: '0' });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A fresh demo-login session for a user of its own, so tests never share a token family. */
  const newSession = async () => {
    const user = await createDemoUser(t.db);
    return { user, tokens: await demoLogin(t.app, user.demoAccount) };
  };
  const refresh = (refreshToken: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const me = (accessToken: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessToken) });

  it('demo-login returns a working token pair in demo mode (the test default)', async () => {
    expect(t.config.demoMode).toBe(true);
    const { user, tokens } = await newSession();
    expect(tokens.user.id).toBe(user.id);
    expect(tokens.accessTokenExpiresIn).toBe(t.config.accessTokenTtlSeconds);
    expect(tokens.refreshTokenExpiresIn).toBe(t.config.refreshTokenTtlSeconds);
    const res = await me(tokens.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(user.id);
  });

  it('refresh returns a new pair and the old refresh token no longer works', async () => {
    const { user, tokens } = await newSession();
    const res = await refresh(tokens.refreshToken);
    expect(res.statusCode).toBe(200);
    const next: TokenPair = res.json();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.user.id).toBe(user.id);
    expect((await me(next.accessToken)).statusCode).toBe(200);
    // The new refresh token is itself usable once.
    expect((await refresh(next.refreshToken)).statusCode).toBe(200);
    // Refresh tokens are stored hashed only.
    const stored = await t.db
      .select({ hash: refreshTokens.tokenHash })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, user.id));
    expect(stored.length).toBeGreaterThanOrEqual(3);
    for (const row of stored) {
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.hash).not.toBe(tokens.refreshToken);
    }
  });

  it('presenting an already-rotated refresh token answers 401 REFRESH_TOKEN_REUSED and revokes the whole family', async () => {
    const { user, tokens } = await newSession();
    const second: TokenPair = (await refresh(tokens.refreshToken)).json();
    const third: TokenPair = (await refresh(second.refreshToken)).json();
    expect(third.refreshToken).toBeDefined();

    expectError(await refresh(tokens.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    // The newest token of the family, never used, is revoked too.
    expectError(await refresh(third.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    const live = await t.db.select().from(refreshTokens).where(eq(refreshTokens.userId, user.id));
    expect(live.filter((r) => r.revokedAt === null)).toEqual([]);
  });

  it('reuse detection revokes only the family of the reused token, not the user’s other sessions', async () => {
    const user = await createDemoUser(t.db);
    const phone = await demoLogin(t.app, user.demoAccount);
    const tablet = await demoLogin(t.app, user.demoAccount);
    await refresh(phone.refreshToken);
    expectError(await refresh(phone.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    expect((await refresh(tablet.refreshToken)).statusCode).toBe(200);
  });

  it('an unknown refresh token answers 401 REFRESH_TOKEN_INVALID', async () => {
    expectError(await refresh('x'.repeat(43)), 401, 'REFRESH_TOKEN_INVALID');
  });

  it('logout revokes the refresh token (and answers 204 even for an unknown token)', async () => {
    const { tokens } = await newSession();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(res.statusCode).toBe(204);
    expectError(await refresh(tokens.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refreshToken: 'y'.repeat(43) },
    });
    expect(unknown.statusCode).toBe(204);
  });

  it('logout-all refuses existing access tokens at once and revokes every refresh token', async () => {
    const user = await createDemoUser(t.db);
    const phone = await demoLogin(t.app, user.demoAccount);
    const tablet = await demoLogin(t.app, user.demoAccount);
    const earlier = signAccessToken(t.app, user, { issuedSecondsAgo: 5 });
    expect((await me(earlier)).statusCode).toBe(200);
    // Issued a moment before, most likely in the same second: still refused (iatMs, not iat).
    const justBefore = accessTokenFor(t.app, user);
    expect((await me(justBefore)).statusCode).toBe(200);

    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(earlier) });
    expect(res.statusCode).toBe(204);

    expectError(await me(earlier), 401, 'TOKEN_INVALID');
    expectError(await me(justBefore), 401, 'TOKEN_INVALID');
    expectError(await refresh(phone.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    expectError(await refresh(tablet.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    // Signing in again afterwards works.
    const again = await demoLogin(t.app, user.demoAccount);
    expect((await me(again.accessToken)).statusCode).toBe(200);
  });

  it('an expired access token answers 401 TOKEN_EXPIRED', async () => {
    const { user } = await newSession();
    const expired = signAccessToken(t.app, user, { issuedSecondsAgo: 120, expiresInSeconds: 60 });
    expectError(await me(expired), 401, 'TOKEN_EXPIRED');
  });

  it('a correctly signed access token without an expiry answers 401 TOKEN_INVALID', async () => {
    const { user } = await newSession();
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const claims = Buffer.from(
      JSON.stringify({ sub: user.id, role: user.role, iat: Math.floor(Date.now() / 1000), iatMs: Date.now() }),
    ).toString('base64url');
    const signature = createHmac('sha256', t.config.jwtSecret).update(`${header}.${claims}`).digest('base64url');
    expectError(await me(`${header}.${claims}.${signature}`), 401, 'TOKEN_INVALID');
  });

  it('a tampered access token answers 401 TOKEN_INVALID', async () => {
    const { tokens } = await newSession();
    const [header, payload, signature] = tokens.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'district_admin' })).toString('base64url');
    expectError(await me(`${header}.${promoted}.${signature}`), 401, 'TOKEN_INVALID');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expectError(await me(`${header}.${payload}.${flipped}`), 401, 'TOKEN_INVALID');
    expectError(await me('not-a-jwt'), 401, 'TOKEN_INVALID');
  });

  it.each([
    ['signed with another secret', 'HS256', 'another-secret-another-secret-123'],
    ['unsigned (alg none)', 'none', ''],
  ])('a token %s answers 401 TOKEN_INVALID', async (_label, alg, secret) => {
    const { user } = await newSession();
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part({ alg, typ: 'JWT' })}.${part({ sub: user.id, role: 'district_admin', iat: now, exp: now + 600 })}`;
    const signature = alg === 'none' ? '' : createHmac('sha256', secret).update(input).digest('base64url');
    expectError(await me(`${input}.${signature}`), 401, 'TOKEN_INVALID');
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty Bearer', 'Bearer '],
    ['a Basic scheme', 'Basic dXNlcjpwYXNz'],
  ])('%s answers 401 UNAUTHENTICATED', async (_label, authorization) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: authorization === undefined ? {} : { authorization },
    });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('a suspended user is refused with 401 on access and refresh, and cannot demo-login', async () => {
    const { user, tokens } = await newSession();
    await setUserStatus(t.app, user.id, 'suspended');
    try {
      expectError(await me(tokens.accessToken), 401, 'TOKEN_INVALID');
      expectError(await refresh(tokens.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/demo-login',
        payload: { account: user.demoAccount },
      });
      // Same answer as wx-login for a suspended account: 403, not a 401 that would send the client round a login loop.
      expect(expectError(login, 403, 'FORBIDDEN').message).toContain('停用');
    } finally {
      await setUserStatus(t.app, user.id, 'active');
    }
  });
});

describe('refresh races within the grace window (two tabs, a retry on a bad network)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '1000', REFRESH_REUSE_GRACE: '30' });
  });
  afterAll(async () => {
    await t.close();
  });
  const refresh = (refreshToken: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });

  it('two concurrent refreshes with the same token: exactly one succeeds and its session survives', async () => {
    const user = await createDemoUser(t.db);
    const tokens = await demoLogin(t.app, user.demoAccount);
    const results = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 401]);
    const loser = results.find((r) => r.statusCode === 401)!;
    // The second one finds the token already rotated (row lock on PostgreSQL, one connection on PGlite).
    expectError(loser, 401, 'REFRESH_TOKEN_SUPERSEDED');
    const winner: TokenPair = results.find((r) => r.statusCode === 200)!.json();
    expect((await refresh(winner.refreshToken)).statusCode).toBe(200);
  });

  it('a reuse after the grace window is theft: the family is revoked', async () => {
    const user = await createDemoUser(t.db);
    const tokens = await demoLogin(t.app, user.demoAccount);
    const next: TokenPair = (await refresh(tokens.refreshToken)).json();
    await t.db
      .update(refreshTokens)
      .set({ rotatedAt: new Date(Date.now() - 60_000) })
      .where(eq(refreshTokens.userId, user.id));
    expectError(await refresh(tokens.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    expectError(await refresh(next.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
  });
});
