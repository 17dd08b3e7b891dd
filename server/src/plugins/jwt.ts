import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { Role } from '@nuanxin/shared/auth/constants';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role };
    user: { sub: string; role: Role; iat: number; exp: number };
  }
}

/** Short-lived access tokens (HS256). Refresh tokens are opaque and live in the database. */
export default fp(
  async function jwtPlugin(app: FastifyInstance, opts: { secret: string; accessTokenTtlSeconds: number }) {
    await app.register(fastifyJwt, {
      secret: opts.secret,
      sign: { expiresIn: opts.accessTokenTtlSeconds, algorithm: 'HS256' },
      verify: { algorithms: ['HS256'] },
    });
  },
  { name: 'jwt' },
);
