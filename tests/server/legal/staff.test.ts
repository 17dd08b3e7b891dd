import { eq } from 'drizzle-orm';
import type { TokenPair } from '@nuanxin/shared/auth/schemas';
import { staffScopes } from '../../../server/src/db/schema/index.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser, demoLogin } from '../../fixtures/factories.js';
import { createLegalWorld, legalCall, openBody, type LegalWorld } from '../../fixtures/legal.js';

describe('mediators: invited by the district admin, held to their district; the demo account', () => {
  let t: TestContext;
  let w: LegalWorld;

  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'true' }, { demo: true });
    w = await createLegalWorld(t.db);
  });
  afterAll(async () => t.close());

  const invite = (caller: { id: string; role: string }, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: bearer(accessTokenFor(t.app, caller)),
      payload: { displayName: '调解中心 小郑', ...payload },
    });

  it('a district admin invites a mediator for its district; redeemed, the new mediator handles that district’s cases only', async () => {
    const res = await invite(w.adminA, { role: 'mediator' });
    expect(res.statusCode).toBe(201);
    const rider = await createUser(t.db, 'rider');
    const redeemed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/redeem',
      headers: bearer(accessTokenFor(t.app, rider)),
      payload: { code: res.json().code },
    });
    expect(redeemed.statusCode).toBe(200);
    const tokens: TokenPair = redeemed.json();
    expect(tokens.user.role).toBe('mediator');
    const scopes = await t.db.select().from(staffScopes).where(eq(staffScopes.userId, rider.id));
    expect(scopes.map((s) => [s.kind, s.refId])).toEqual([['district', w.dA.id]]);

    const inA = (await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id))).json().case.id;
    const inB = (await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dB.id))).json().case.id;
    const as = { id: rider.id, role: 'mediator' };
    expect((await legalCall(t.app, as, 'POST', `/api/v1/staff/legal/cases/${inA}/accept`)).statusCode).toBe(200);
    expectError(await legalCall(t.app, as, 'POST', `/api/v1/staff/legal/cases/${inB}/accept`), 404, 'CASE_NOT_FOUND');
    // A mediator is no district admin: the district's other pages stay shut.
    expectError(await legalCall(t.app, as, 'GET', '/api/v1/staff/reports'), 403, 'FORBIDDEN');
  });

  it('only a district admin invites mediators', async () => {
    expectError(await invite(w.mediatorA, { role: 'mediator' }), 403, 'FORBIDDEN');
    const operator = await createUser(t.db, 'street_operator');
    expectError(await invite(operator, { role: 'mediator' }), 403, 'FORBIDDEN');
  });

  it('the demo mediator signs in to Chaoyang’s centre', async () => {
    const tokens = await demoLogin(t.app, 'mediator');
    expect(tokens.user.role).toBe('mediator');
    expect(tokens.user.id).toBe(seedId('user:mediator'));
    const inbox = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/legal/cases',
      headers: bearer(tokens.accessToken),
    });
    expect(inbox.statusCode).toBe(200);
    const figures = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/legal/figures',
      headers: bearer(tokens.accessToken),
    });
    expect(figures.json().districtId).toBe(seedId('district:110105'));
  });
});
