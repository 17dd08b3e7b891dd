import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { Role } from '@nuanxin/shared/auth/constants';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /**
     * `iatMs`: when the token was issued, in milliseconds ("log out everywhere" compares it; the
     * standard `iat` is whole seconds). Tokens from before it existed fall back to `iat`.
     */
    payload: { sub: string; role: Role; iatMs?: number };
    user: { sub: string; role: Role; iat: number; exp: number; iatMs?: number };
  }
}

/** Short-lived access tokens (HS256). Refresh tokens are opaque and live in the database. */
export default fp(
  async function jwtPlugin(app: FastifyInstance, opts: { secret: string; accessTokenTtlSeconds: number }) {
    await app.register(fastifyJwt, {
      secret: opts.secret,
      sign: { expiresIn: opts.accessTokenTtlSeconds, algorithm: 'HS256' },
      // A token without an expiry would be valid for ever: refused even when correctly signed.
      verify: { algorithms: ['HS256'], requiredClaims: ['exp'] },
    });
  },
  { name: 'jwt' },
);
