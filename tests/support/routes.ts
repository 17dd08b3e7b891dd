import type { FastifyInstance } from 'fastify';

/**
 * Every route of a ready app as "METHOD /path" (Fastify's `:param` form), read from
 * `app.printRoutes()`'s tree: a node's path is its ancestors' segments joined. HEAD routes Fastify
 * adds for each GET are left out, and so is Swagger UI under /docs.
 */
export function appRoutes(app: FastifyInstance): string[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n');
  const stack: string[] = [];
  const out = new Set<string>();
  for (const line of lines) {
    const m = /^([│ ]*?)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    if (!m[3]) continue;
    const path = stack.join('');
    for (const method of m[3].split(', ')) if (method !== 'HEAD') out.add(`${method} ${path}`);
  }
  return [...out].filter((r) => !/ \/docs(\/|$)/.test(r)).sort();
}
