import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles every route schema not compiled yet (see `lazyCompilers`); returns how many. */
    compileSchemas(): number;
  }
}

type Compiled = (data: unknown) => unknown;
type Compile = (routeDef: unknown) => Compiled;
type Factory = (externalSchemas: unknown, options?: unknown) => Compile;

/**
 * Fastify's own schema compilers (ajv for requests, fast-json-stringify for answers), compiled on
 * a route's first use instead of all at `ready()`.
 *
 * The app has a few hundred routes with a response schema per status; compiling them all took
 * three quarters of start-up (4 s here, 12 s inside jest, where every test file builds an app and
 * uses a handful of routes). A first answer pays its own compile, a few milliseconds.
 * `compileAll()` compiles every pending one, so a broken schema still fails a test (and a deploy's
 * smoke check) instead of a user's first request.
 */
export function lazyCompilers(): {
  schemaController: NonNullable<FastifyServerOptions['schemaController']>;
  compileAll(): number;
} {
  const pending = new Set<() => void>();

  const lazily =
    (factory: Factory, copyErrors: boolean): Factory =>
    (externalSchemas, options) => {
      const compile = factory(externalSchemas, options);
      return (routeDef) => {
        let compiled: Compiled | undefined;
        const load = (): Compiled => {
          if (!compiled) {
            compiled = compile(routeDef);
            pending.delete(load);
          }
          return compiled;
        };
        pending.add(load);
        // ajv reports a failed check through the function's own `errors`, which Fastify reads
        // after the call: copied onto the wrapper fastify holds.
        const run = (data: unknown): unknown => {
          const fn = load();
          const result = fn(data);
          if (copyErrors) (run as { errors?: unknown }).errors = (fn as { errors?: unknown }).errors;
          return result;
        };
        return run;
      };
    };

  return {
    schemaController: {
      compilersFactory: {
        buildValidator: lazily(ValidatorSelector() as unknown as Factory, true),
        buildSerializer: lazily(SerializerSelector() as unknown as Factory, false),
      },
    } as NonNullable<FastifyServerOptions['schemaController']>,
    compileAll() {
      const loads = [...pending];
      for (const load of loads) load();
      return loads.length;
    },
  };
}
