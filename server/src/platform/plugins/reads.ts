import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where a request's read-only work runs: see `readsFor`. */
    reads: ReadRouting;
  }
}

export interface ReadRouting {
  /** The standby's handle for this request, or the primary's (no standby, or the caller just wrote). */
  dbFor(request: FastifyRequest): Db;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes over a lagging standby: a caller who changed something in the last
 * `readAfterWriteMs` reads from the primary, everyone else from the standby. The memory of who
 * wrote is this process's; behind a load balancer, a caller whose next read lands on another API
 * process may read from the standby within that window (replay lag on a local standby is
 * milliseconds; docs/scale-out.md says what that means).
 */
export default fp(
  async function readsPlugin(app: FastifyInstance) {
    const replica = app.database.replica;
    const readAfterWriteMs = app.config.replicaReadAfterWriteMs;
    const lastWrite = new Map<string, number>();
    if (!replica) {
      app.decorate('reads', { dbFor: () => app.db });
      return;
    }
    app.decorate('reads', {
      dbFor(request) {
        const userId = request.principal?.userId;
        const wrote = userId ? lastWrite.get(userId) : undefined;
        if (wrote !== undefined) {
          if (Date.now() - wrote < readAfterWriteMs) return app.db;
          lastWrite.delete(userId!);
        }
        return replica.db;
      },
    });
    // A write is remembered when it starts (a read sent while it runs must not miss it either) and
    // again when it ends (the window counts from the commit).
    const remember = async (request: FastifyRequest) => {
      if (SAFE_METHODS.has(request.method) || !request.principal) return;
      lastWrite.set(request.principal.userId, Date.now());
    };
    app.addHook('preHandler', remember);
    app.addHook('onResponse', remember);
    // Forget old entries now and then so the map holds only the recent writers.
    const sweep = setInterval(
      () => {
        const cutoff = Date.now() - readAfterWriteMs;
        for (const [id, at] of lastWrite) if (at < cutoff) lastWrite.delete(id);
      },
      Math.max(readAfterWriteMs, 10_000),
    );
    sweep.unref();
    app.addHook('onClose', async () => clearInterval(sweep));
  },
  { name: 'reads', dependencies: ['db', 'config', 'guard'] },
);

/** A job's context whose `db` is where this request's reads belong (the standby when there is one). */
export function readsFor<C extends { db: Db }>(ctx: C, request: FastifyRequest): C {
  return { ...ctx, db: request.server.reads.dbFor(request) };
}
