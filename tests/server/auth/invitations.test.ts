import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { TokenPair } from '@nuanxin/shared/auth/schemas';
import { rowsOf } from '../../../server/src/db/client.js';
import { invitations, staffScopes } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

type Scopes = Awaited<ReturnType<typeof createTwoScopes>>;
type Caller = { id: string; role: string };

describe('staff invitations', () => {
  let t: TestContext;
  let s: Scopes;

  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '1000' });
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const invite = (caller: Caller, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: bearer(accessTokenFor(t.app, caller)),
      payload: { displayName: '新同事', ...payload },
    });
  const redeem = (caller: Caller, code: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/redeem',
      headers: bearer(accessTokenFor(t.app, caller)),
      payload: { code },
    });
  /** A street-operator invitation for street A, issued by A's district admin. */
  const streetInvitation = async () => {
    const res = await invite(s.districtAdmin, {
      role: 'street_operator',
      streetId: s.a.street.id,
      displayName: '街道 小周',
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; code: string; role: string; displayName: string; expiresAt: string };
  };

  it('a district admin invites a street operator for its street; the code is returned once', async () => {
    const before = Date.now();
    const invitation = await streetInvitation();
    expect(invitation).toMatchObject({ role: 'street_operator', displayName: '街道 小周' });
    expect(invitation.code).toMatch(/^[A-Z2-9]{10}$/);
    const ttlMs = new Date(invitation.expiresAt).getTime() - before;
    expect(Math.abs(ttlMs - t.config.invitationTtlHours * 3600_000)).toBeLessThan(60_000);
  });

  it('a rider redeems it and becomes a street operator of that street, with access to it', async () => {
    const invitation = await streetInvitation();
    const rider = await createUser(t.db, 'rider');
    const res = await redeem(rider, invitation.code);
    expect(res.statusCode).toBe(200);
    const tokens: TokenPair = res.json();
    expect(tokens.user.id).toBe(rider.id);
    expect(tokens.user.role).toBe('street_operator');
    expect(tokens.user.displayName).toBe('街道 小周');
    expect(tokens.user.scope.street).toEqual({ id: s.a.street.id, name: s.a.street.name });

    const street = await t.app.inject({
      method: 'GET',
      url: `/api/v1/streets/${s.a.street.id}`,
      headers: bearer(tokens.accessToken),
    });
    expect(street.statusCode).toBe(200);
    expect(street.json().id).toBe(s.a.street.id);
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/streets/${s.b.street.id}`,
      headers: bearer(tokens.accessToken),
    });
    expectError(other, 403, 'OUT_OF_SCOPE');
  });

  it('accepts the code typed in lower case with spaces and dashes', async () => {
    const invitation = await streetInvitation();
    const rider = await createUser(t.db, 'rider');
    const typed = `${invitation.code.slice(0, 5)}-${invitation.code.slice(5)}`.toLowerCase().replace('-', ' - ');
    expect((await redeem(rider, typed)).statusCode).toBe(200);
  });

  it('redeeming the same code again answers 409 INVITATION_USED and grants nothing', async () => {
    const invitation = await streetInvitation();
    expect((await redeem(await createUser(t.db, 'rider'), invitation.code)).statusCode).toBe(200);
    const second = await createUser(t.db, 'rider');
    expectError(await redeem(second, invitation.code), 409, 'INVITATION_USED');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessTokenFor(t.app, second)) });
    expect(me.json().role).toBe('rider');
    expect(await t.db.select().from(staffScopes).where(eq(staffScopes.userId, second.id))).toEqual([]);
  });

  it('an expired invitation answers 410 INVITATION_EXPIRED', async () => {
    const invitation = await streetInvitation();
    await t.db
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invitations.id, invitation.id));
    expectError(await redeem(await createUser(t.db, 'rider'), invitation.code), 410, 'INVITATION_EXPIRED');
  });

  it('an invitation for a street that does not exist is a validation error naming the field', async () => {
    const body = expectError(
      await invite(s.districtAdmin, {
        role: 'street_operator',
        streetId: '00000000-0000-4000-8000-000000000000',
        displayName: '某人',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.field).toBe('streetId');
  });

  it('an unknown code answers 400 INVITATION_INVALID naming the field', async () => {
    const body = expectError(await redeem(await createUser(t.db, 'rider'), 'ZZZZZZZZZZ'), 400, 'INVITATION_INVALID');
    expect(body.field).toBe('code');
  });

  it('a staff member redeeming a valid code answers 409 ALREADY_STAFF and the code stays usable', async () => {
    const invitation = await streetInvitation();
    expectError(await redeem(s.a.communityAdmin, invitation.code), 409, 'ALREADY_STAFF');
    expect((await redeem(await createUser(t.db, 'rider'), invitation.code)).statusCode).toBe(200);
  });

  it('a community admin invites a colleague for its own community', async () => {
    const res = await invite(s.a.communityAdmin, { role: 'community_admin', communityIds: [s.a.community.id] });
    expect(res.statusCode).toBe(201);
    const rider = await createUser(t.db, 'rider');
    const tokens: TokenPair = (await redeem(rider, res.json().code)).json();
    expect(tokens.user.scope.communities).toEqual([{ id: s.a.community.id, name: s.a.community.name }]);
  });

  it.each<[string, number, string, (s: Scopes) => Caller, (s: Scopes) => Record<string, unknown>]>([
    [
      'a community admin inviting a community admin for another community',
      403,
      'OUT_OF_SCOPE',
      (x) => x.a.communityAdmin,
      (x) => ({ role: 'community_admin', communityIds: [x.b.community.id] }),
    ],
    [
      'a community admin inviting for its own and another community',
      403,
      'OUT_OF_SCOPE',
      (x) => x.a.communityAdmin,
      (x) => ({ role: 'community_admin', communityIds: [x.a.community.id, x.b.community.id] }),
    ],
    [
      'a community admin inviting a merchant',
      403,
      'FORBIDDEN',
      (x) => x.a.communityAdmin,
      (x) => ({ role: 'merchant', merchantId: x.a.merchant.id }),
    ],
    [
      'a community admin inviting a street operator',
      403,
      'FORBIDDEN',
      (x) => x.a.communityAdmin,
      (x) => ({ role: 'street_operator', streetId: x.a.street.id }),
    ],
    [
      'a district admin inviting for the other district’s street',
      403,
      'OUT_OF_SCOPE',
      (x) => x.districtAdmin,
      (x) => ({ role: 'street_operator', streetId: x.b.street.id }),
    ],
    [
      'a district admin inviting for the other district’s merchant',
      403,
      'OUT_OF_SCOPE',
      (x) => x.districtAdmin,
      (x) => ({ role: 'merchant', merchantId: x.b.merchant.id }),
    ],
    [
      'a district admin inviting for the other district’s community',
      403,
      'OUT_OF_SCOPE',
      (x) => x.districtAdmin,
      (x) => ({ role: 'community_admin', communityIds: [x.b.community.id] }),
    ],
    [
      'a street operator',
      403,
      'FORBIDDEN',
      (x) => x.a.streetOperator,
      (x) => ({ role: 'community_admin', communityIds: [x.a.community.id] }),
    ],
    [
      'a merchant',
      403,
      'FORBIDDEN',
      (x) => x.a.merchantUser,
      (x) => ({ role: 'merchant', merchantId: x.a.merchant.id }),
    ],
    ['a rider', 403, 'FORBIDDEN', (x) => x.rider, (x) => ({ role: 'street_operator', streetId: x.a.street.id })],
  ])('refuses %s with %d %s', async (_label, status, code, caller, payload) => {
    const before = await t.db.select({ id: invitations.id }).from(invitations);
    expectError(await invite(caller(s), payload(s)), status, code);
    expect(await t.db.select({ id: invitations.id }).from(invitations)).toHaveLength(before.length);
  });

  it.each([
    ['street_operator', 'streetId'],
    ['merchant', 'merchantId'],
    ['community_admin', 'communityIds'],
  ])('inviting a %s without %s answers 400 INVITATION_SCOPE_REQUIRED naming the field', async (role, field) => {
    const body = expectError(await invite(s.districtAdmin, { role }), 400, 'INVITATION_SCOPE_REQUIRED');
    expect(body.field).toBe(field);
  });

  it('stores only a hash of the code, never the code itself', async () => {
    const invitation = await streetInvitation();
    const [row] = await t.db
      .select({ codeHash: invitations.codeHash })
      .from(invitations)
      .where(eq(invitations.id, invitation.id));
    expect(row!.codeHash).not.toBe(invitation.code);
    expect(row!.codeHash).toBe(createHash('sha256').update(invitation.code).digest('hex'));
    // No column of the stored row holds the plain code.
    const [raw] = rowsOf<Record<string, unknown>>(
      await t.db.execute(sql`select * from invitations where id = ${invitation.id}`),
    );
    expect(JSON.stringify(raw)).not.toContain(invitation.code);
    const columns = rowsOf<{ column_name: string }>(
      await t.db.execute(sql`select column_name from information_schema.columns where table_name = 'invitations'`),
    ).map((c) => c.column_name);
    expect(columns).toContain('code_hash');
    expect(columns).not.toContain('code');
  });
});
