import { randomUUID } from 'node:crypto';
import type { Role } from '@nuanxin/shared/auth/constants';
import {
  apartmentBeds,
  bedAllocations,
  apartmentRooms,
  apartments,
  housingApplications,
  teams,
} from '../../../server/src/db/schema/index.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { createGate } from '../../fixtures/access.js';
import {
  accessTokenFor,
  createCommunity,
  createDistrict,
  createMerchant,
  createStreet,
} from '../../fixtures/factories.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { appRoutes } from '../../support/routes.js';
import { ACCESS_MATRIX, AO, CA, CM, DA, GG, M, ME, R, SO, type Access, type ScopeKind } from './access-matrix.js';

// Checks the access matrix (access-matrix.ts) against the running app: every route × every demo
// role (and no login) × own/other scope. Role refusals come from the guard (403 FORBIDDEN) before
// any body is read; scope refusals from the use case (403 OUT_OF_SCOPE, or 404 where a resource
// outside the caller's scope is not admitted to exist).

const ROLES: Role[] = [R, CA, SO, M, DA, GG, CM, ME, AO];
const ACCOUNT: Record<Role, string> = {
  rider: 'rider',
  community_admin: 'community_admin',
  street_operator: 'street_operator',
  merchant: 'merchant',
  district_admin: 'district_admin',
  gate_guard: 'gate_guard',
  crew_member: 'crew_member',
  mediator: 'mediator',
  apartment_operator: 'apartment_operator',
};

const table = new Map<string, Access>(Object.values(ACCESS_MATRIX).flatMap((rows) => Object.entries(rows)));

interface Outcome {
  status: number;
  code?: string;
}

describe('access matrix: route × role × own/other scope', () => {
  let t: TestContext;
  const own: Record<ScopeKind, string> = {
    community: seedId('community:C-HJL-01'),
    street: seedId('street:110105004'),
    merchant: seedId('merchant:M-HJL-BARBER'),
    gate: seedId('gate:C-HJL-01:north'),
    team: seedId('team:110105004'),
    apartment: seedId('apartment:YS-SJ'),
    apartment_room: seedId('apartment-room:YS-SJ:1层 101'),
    apartment_bed: seedId('apartment-bed:YS-SJ:1层 101:A'),
    housing_application: '',
  };
  const other = {} as Record<ScopeKind, string>;

  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'true', LOGIN_RATE_LIMIT: '100000' }, { demo: true });
    // "Other scope": a district of its own, outside every demo staff member's scope.
    const district = await createDistrict(t.db, '矩阵区');
    const street = await createStreet(t.db, district.id, '矩阵街道');
    const community = await createCommunity(t.db, street.id, '矩阵小区');
    const merchant = await createMerchant(t.db, street.id, '矩阵理发');
    const gate = await createGate(t.db, community.id);
    const [team] = await t.db
      .insert(teams)
      .values({ districtId: district.id, streetId: street.id, name: '矩阵应急队' })
      .returning();
    // Housing: an application of the demo rider to the demo operator's apartment (own) and an
    // apartment with a room, a bed and an application in the other district.
    const [ownApplication] = await t.db
      .insert(housingApplications)
      .values({
        riderId: seedId('user:rider'),
        apartmentId: own.apartment,
        fromDate: '2099-01-01',
        months: 1,
        gender: 'male',
      })
      .returning();
    own.housing_application = ownApplication!.id;
    // The own room keeps a bed with a past (cancelled) stay, so DELETE /manage/rooms/:id answers
    // 409 (allowed, refused by its rule) instead of deleting the room the other rows act on.
    const [historyBed] = await t.db
      .insert(apartmentBeds)
      .values({ roomId: own.apartment_room, apartmentId: own.apartment, code: '历史', monthlyPrice: 500 })
      .returning();
    await t.db.insert(bedAllocations).values({
      bedId: historyBed!.id,
      applicationId: ownApplication!.id,
      startDate: '2000-01-01',
      endDate: '2000-02-01',
      status: 'cancelled',
    });
    const [apartment] = await t.db
      .insert(apartments)
      .values({ districtId: district.id, name: '矩阵公寓', address: '矩阵路', lat: 40, lng: 116, operatorName: '矩阵' })
      .returning();
    const [room] = await t.db
      .insert(apartmentRooms)
      .values({ apartmentId: apartment!.id, name: '101', gender: 'any' })
      .returning();
    const [bed] = await t.db
      .insert(apartmentBeds)
      .values({ roomId: room!.id, apartmentId: apartment!.id, code: 'A', monthlyPrice: 500 })
      .returning();
    const [otherApplication] = await t.db
      .insert(housingApplications)
      .values({
        riderId: seedId('user:rider2'),
        apartmentId: apartment!.id,
        fromDate: '2099-01-01',
        months: 1,
        gender: 'any',
      })
      .returning();
    Object.assign(other, {
      apartment: apartment!.id,
      apartment_room: room!.id,
      apartment_bed: bed!.id,
      housing_application: otherApplication!.id,
      community: community.id,
      street: street.id,
      merchant: merchant.id,
      gate: gate.id,
      team: team!.id,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const call = async (route: string, role: Role | null, firstParam?: string, body?: unknown): Promise<Outcome> => {
    const [method, path] = route.split(' ') as [string, string];
    const url = path
      .replace(':id', firstParam ?? randomUUID())
      .replace(':categoryId', seedId('category:pothole'))
      .replace(':photoId', randomUUID())
      .replace(':code', 'x')
      .replace(':size', 'thumb.jpg')
      .replace(':format', 'csv');
    // A fresh token per request: POST /auth/logout-all cuts off the tokens issued before it.
    const headers: Record<string, string> = role
      ? { authorization: `Bearer ${accessTokenFor(t.app, { id: seedId(`user:${ACCOUNT[role]}`), role })}` }
      : {};
    const hasBody = !['GET', 'DELETE', 'OPTIONS'].includes(method) && body !== null;
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(hasBody ? { payload: (body ?? {}) as object } : {}),
    });
    let code: string | undefined;
    try {
      code = (res.json() as { code?: string }).code;
    } catch {
      code = undefined;
    }
    return { status: res.statusCode, code };
  };

  // The guard's answers (a route's own key checks, like a gate device's, are not the guard's).
  const GUARD_401 = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']);
  const guardRefused = (o: Outcome) =>
    (o.status === 401 && GUARD_401.has(o.code ?? '')) || (o.status === 403 && o.code === 'FORBIDDEN');
  const scopeRefused = (o: Outcome) => o.status === 401 || o.status === 403 || o.status === 404;

  it('lists every route the app has, and only those', () => {
    const routes = appRoutes(t.app);
    expect({ missingFromTable: routes.filter((r) => !table.has(r)) }).toEqual({ missingFromTable: [] });
    expect({ notInApp: [...table.keys()].filter((r) => !routes.includes(r)) }).toEqual({ notInApp: [] });
  });

  it('lets each route’s roles through and refuses the others (403 FORBIDDEN; 401 without login)', async () => {
    const wrong: string[] = [];
    // logout-all last: it cuts off the tokens of the role that calls it.
    const routes = [...table.keys()]
      .filter((r) => r !== 'OPTIONS *')
      .sort((a, b) => Number(a.includes('logout-all')) - Number(b.includes('logout-all')));
    for (const route of routes) {
      const access = table.get(route)!;
      const anon = await call(route, null);
      if (access.who === 'public' ? guardRefused(anon) : anon.status !== 401 || anon.code !== 'UNAUTHENTICATED') {
        wrong.push(`${route} without login → ${anon.status} ${anon.code ?? ''}`);
      }
      for (const role of ROLES) {
        const allowed = access.who === 'public' || access.who === 'any' || access.who.includes(role);
        const o = await call(route, role, access.scope ? own[access.scope] : undefined, access.body);
        if (allowed === guardRefused(o)) {
          wrong.push(
            `${route} as ${role}: expected ${allowed ? 'allowed' : 'refused'}, got ${o.status} ${o.code ?? ''}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets each role act on its own scope and refuses the other (403 or 404)', async () => {
    const wrong: string[] = [];
    for (const [route, access] of table) {
      if (!access.scope || !Array.isArray(access.who)) continue;
      for (const role of access.who as Role[]) {
        const mine = await call(route, role, own[access.scope], access.body);
        const ownAllowed = access.own?.includes(role) ?? true;
        if (ownAllowed === scopeRefused(mine) || mine.status === 400) {
          wrong.push(
            `${route} as ${role} on its own ${access.scope}: expected ${ownAllowed ? 'allowed' : 'refused'}, got ${mine.status} ${mine.code ?? ''}`,
          );
        }
        const theirs = await call(route, role, other[access.scope], access.body);
        const allowed = access.other?.includes(role) ?? false;
        if (allowed === scopeRefused(theirs) || theirs.status === 400) {
          wrong.push(
            `${route} as ${role} on another ${access.scope}: expected ${allowed ? 'allowed' : 'refused'}, got ${theirs.status} ${theirs.code ?? ''}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
