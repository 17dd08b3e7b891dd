/** Which database engine this test run uses: the embedded PGlite or a real PostgreSQL. */
export type Engine = 'pglite' | 'postgres';

export function testEngine(): Engine {
  const engine = process.env.TEST_DB ?? 'pglite';
  if (engine !== 'pglite' && engine !== 'postgres')
    throw new Error(`TEST_DB must be pglite or postgres, got ${engine}`);
  return engine;
}

/** Admin URL of the PostgreSQL server used for tests (a database we may CREATE DATABASE from). */
export function postgresAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL (scripts/test.mjs starts a server for you)');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

// Functions, not constants: global-setup sets TEST_RUN_ID after these modules load.
const runId = () => process.env.TEST_RUN_ID ?? 'local';
export const templateDbName = () => `nx_template_${runId()}`;
/** The migrated template plus the demo data (`seedDemo`), for tests that start from the demo. */
export const demoTemplateDbName = () => `nx_template_${runId()}_demo`;
export const testDbPrefix = () => `nx_t_${runId()}_`;
export const pgliteTemplateFile = () => `${process.env.TMPDIR ?? '/tmp'}/nuanxin-pglite-template-${runId()}.tar.gz`;
export const pgliteDemoTemplateFile = () =>
  `${process.env.TMPDIR ?? '/tmp'}/nuanxin-pglite-demo-template-${runId()}.tar.gz`;
