import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import { preparedStatement, toDate } from '../db/prepared.js';
import { AppError, forbidden, unauthorized } from '../platform/app-error.js';
import type { Principal, ScopeKind } from './principal.js';
import { PRINCIPAL_CHANGED, PrincipalCache, principalFrom, type PrincipalRecord } from './principal-cache.js';

/** Every route under /api declares who may call it; a route that doesn't makes start-up fail. */
export type RouteAuth = 'public' | { roles: readonly Role[] | 'any' };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** The guard's cache of principals; forget a user after changing their role, status or scope. */
    principals: PrincipalCache;
  }
}

interface PrincipalRow {
  role: Role;
  status: string;
  tokens_valid_after: string | Date | null;
  kind: ScopeKind | null;
  ref_id: string | null;
}

// Runs before every authenticated request: prepared, so PostgreSQL plans it once per connection.
export const principalRows = preparedStatement<PrincipalRow>(
  'auth_principal',
  `select u.role, u.status, u.tokens_valid_after, s.kind, s.ref_id
     from users u left join staff_scopes s on s.user_id = u.id
    where u.id = $1`,
);

/** A user's role, status, token cut-off and scope as the database has them, or null when gone. */
export async function readPrincipal(db: Db, userId: string): Promise<PrincipalRecord | null> {
  const rows = await principalRows(db, [userId]);
  const first = rows[0];
  if (!first) return null;
  const validAfter = toDate(first.tokens_valid_after);
  const principal: Principal = {
    userId,
    role: first.role,
    districtIds: [],
    streetIds: [],
    communityIds: [],
    merchantIds: [],
    gateIds: [],
    teamIds: [],
    apartmentIds: [],
  };
  const buckets = {
    district: principal.districtIds,
    street: principal.streetIds,
    community: principal.communityIds,
    merchant: principal.merchantIds,
    gate: principal.gateIds,
    team: principal.teamIds,
    apartment: principal.apartmentIds,
  };
  for (const row of rows) {
    if (row.kind && row.ref_id) buckets[row.kind]?.push(row.ref_id);
  }
  return {
    status: first.status,
    validAfterMs: validAfter ? validAfter.getTime() : null,
    principal,
  };
}

/** The principal of an authenticated route; throws if a route forgot to declare auth. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

/**
 * Deny by default. Routes opt in with `config.auth`; the check runs on `onRequest`, before the
 * body is parsed, and takes the caller's role and scope from the database through the principal
 * cache (so a revoked role or suspended user loses access as soon as the change commits, not when
 * the token expires: see principal-cache.ts).
 */
export default fp(
  async function guardPlugin(app: FastifyInstance) {
    app.decorateRequest('principal', null);
    const cache = new PrincipalCache();
    app.decorate('principals', cache);
    const stopListening = await app.database.listen(PRINCIPAL_CHANGED, {
      message: (payload) => cache.notified(payload),
      live: (listening) => cache.setLive(listening),
    });
    app.addHook('onClose', stopListening);

    const principalOfToken = async (userId: string, issuedAtMs: number): Promise<Principal | null> => {
      let record = cache.get(userId);
      if (!record) {
        const readStarted = cache.readStarted();
        const read = await readPrincipal(app.db, userId);
        if (!read) return null;
        cache.set(userId, read, readStarted);
        record = read;
      }
      return principalFrom(record, issuedAtMs);
    };

    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith('/api/')) return;
      const auth = route.config?.auth;
      if (auth === undefined) {
        throw new Error(`Route ${route.method} ${route.url} must declare config.auth (deny by default)`);
      }
      if (auth === 'public') return;
      const allowed = auth.roles;
      const check = async (request: FastifyRequest) => {
        const header = request.headers.authorization;
        if (!header || !/^Bearer\s+\S+$/i.test(header)) throw unauthorized('UNAUTHENTICATED');
        try {
          await request.jwtVerify();
        } catch (err) {
          const code = (err as { code?: string }).code;
          throw unauthorized(code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
        }
        // A token without `iatMs` (issued before it existed) counts from the start of its `iat` second.
        const principal = await principalOfToken(request.user.sub, request.user.iatMs ?? request.user.iat * 1000);
        if (!principal) throw unauthorized('TOKEN_INVALID');
        if (allowed !== 'any' && !allowed.includes(principal.role)) throw forbidden('FORBIDDEN');
        request.principal = principal;
      };
      const existing = route.onRequest;
      route.onRequest = [check, ...(existing ? (Array.isArray(existing) ? existing : [existing]) : [])];
    });
  },
  { name: 'guard', dependencies: ['jwt', 'db'] },
);

export { AppError };
