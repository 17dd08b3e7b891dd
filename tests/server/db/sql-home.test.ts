import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '../../../server/src/db/client.js';
import { listSqlHomes } from '../../../server/src/db/sql-home.js';
import { createTestDatabase } from '../../support/db.js';

/** Every function, view and trigger of ours (not an extension's) with its definition as PostgreSQL prints it. */
async function catalog(db: Db): Promise<Map<string, string>> {
  const result = await db.execute(sql`
    select 'function:' || p.proname as key, pg_get_functiondef(p.oid) as def
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.prokind = 'f'
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    union all
    select 'view:' || c.relname, pg_get_viewdef(c.oid)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('v', 'm')
    union all
    select 'trigger:' || t.tgname, pg_get_triggerdef(t.oid)
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and not t.tgisinternal`);
  return new Map(rowsOf<{ key: string; def: string }>(result).map((r) => [r.key, r.def]));
}

class Rollback extends Error {}

describe('stored SQL (server/src/<job>/sql/*.sql)', () => {
  let database: Database;
  let migrated: Map<string, string>;
  const homes = listSqlHomes();

  beforeAll(async () => {
    database = await createTestDatabase();
    migrated = await catalog(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('gives every function, view and trigger of the migrated database one home', () => {
    const homed = homes.flatMap((h) => h.defines);
    expect([...migrated.keys()].filter((key) => !homed.includes(key)).sort()).toEqual([]);
    expect(homed.filter((key, i) => homed.indexOf(key) !== i)).toEqual([]);
  });

  it.each(homes.map((h) => [h.file, h] as const))('%s is what the migrations made', async (_file, home) => {
    expect(home.defines.length).toBeGreaterThan(0);
    let after: Map<string, string> | undefined;
    // Run the file where the migrations ran, look, and roll back: the same definitions mean the
    // file is the current one; a difference is printed as the object and both texts.
    await database.db
      .transaction(async (tx) => {
        for (const statement of home.statements) await tx.execute(sql.raw(statement));
        after = await catalog(tx as unknown as Db);
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
    for (const key of home.defines) expect({ key, def: after?.get(key) }).toEqual({ key, def: migrated.get(key) });
    expect(after).toEqual(migrated);
  });
});
