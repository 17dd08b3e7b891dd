import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are applied by the server at start (drizzle-kit's CLI
// `migrate` fails silently on PGlite when a migration creates an extension).
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
