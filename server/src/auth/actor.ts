import type { FastifyRequest } from 'fastify';
import { principalOf } from './guard.js';
import type { Principal } from './principal.js';

/** A job's context with the caller in it: what a use case that acts for someone receives. */
export type Acting<C> = C & { actor: Principal };

/** The job's context for this request's caller (a route must have declared `config.auth`). */
export function acting<C extends object>(ctx: C, request: FastifyRequest): Acting<C> {
  return { ...ctx, actor: principalOf(request) };
}
