import { inArray, sql } from 'drizzle-orm';
import type { ImportFormat, ImportReport } from '@nuanxin/shared/stations/schemas';
import type { Db } from '../db/client.js';
import { stations } from '../db/schema/index.js';
import { inScope, type Principal } from '../auth/index.js';
import type { StationsCaller } from './context.js';
import { loadAreaData, loadAreas, type Areas } from './areas.js';
import type { OffLoop } from '../platform/off-loop.js';
import type { CheckedStation } from './check-rows.js';
import { checkImportFile, placeRows, type PlacedRow } from './check-import.js';
import type { stationValues } from './values.js';

const CHECK_IMPORT_URL = new URL('./check-import.ts', import.meta.url);

export interface ImportOptions {
  format: ImportFormat;
  content: string;
  /** Write the good rows and skip the bad ones; default: write nothing when any row is bad. */
  skipBad?: boolean;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 500;
type BadRow = ImportReport['badRows'][number];

/** …and was placed in a district/street within the caller's scope. */
export interface PlacedStation extends CheckedStation {
  values: ReturnType<typeof stationValues>;
}

class DryRun extends Error {}

/** Places each checked row (explicit code or boundary) and keeps it within the caller's scope. */
export function placeStations(
  areas: Areas,
  actor: Principal | null,
  checked: CheckedStation[],
): { good: PlacedStation[]; bad: BadRow[] } {
  const { placed, bad } = placeRows(areas, checked);
  const scoped = withinScope(actor, placed);
  return { good: scoped.good, bad: [...bad, ...scoped.bad] };
}

/** Splits placed rows into those within the caller's scope (all, for an operator) and the rest. */
function withinScope(actor: Principal | null, placed: PlacedRow[]): { good: PlacedStation[]; bad: BadRow[] } {
  const good: PlacedStation[] = [];
  const bad: BadRow[] = [];
  for (const p of placed) {
    if (actor && !inScope(actor, p.place)) bad.push({ line: p.line, field: 'lat', reason: '该驿站不在你负责的范围内' });
    else good.push({ line: p.line, draft: p.draft, input: p.input, values: p.values });
  }
  return { good, bad };
}

/**
 * Loads the areas and places the rows (see placeStations): in a worker thread when given `offLoop`
 * (placing 20,000 rows against street boundaries is seconds of CPU), scope here.
 */
export async function placeStationRows(
  db: Db,
  actor: Principal | null,
  checked: CheckedStation[],
  offLoop?: OffLoop,
): Promise<{ good: PlacedStation[]; bad: BadRow[] }> {
  if (!offLoop) return placeStations(await loadAreas(db), actor, checked);
  const { placed, bad } = await offLoop.run<ReturnType<typeof placeRows>>(CHECK_IMPORT_URL, 'placeCheckedRows', {
    areas: await loadAreaData(db),
    checked,
  });
  const scoped = withinScope(actor, placed);
  return { good: scoped.good, bad: [...bad, ...scoped.bad] };
}

/** External ids among `good` whose stored station sits outside the caller's scope. */
export async function stationsOutsideScope(db: Db, actor: Principal, good: PlacedStation[]): Promise<Set<string>> {
  const ids = good.map((g) => g.draft.externalId);
  const outside = new Set<string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const existing = await db
      .select({ externalId: stations.externalId, districtId: stations.districtId, streetId: stations.streetId })
      .from(stations)
      .where(inArray(stations.externalId, ids.slice(i, i + BATCH)));
    for (const e of existing) if (!inScope(actor, e)) outside.add(e.externalId);
  }
  return outside;
}

const UPSERT_COLUMNS = [
  'name',
  'type',
  'lat',
  'lng',
  'address',
  'district_id',
  'street_id',
  'is_24h',
  'weekly',
  'closures',
  'open_minutes',
  'closed_dates',
  'amenities',
  'seats',
  'charging_ports',
  'swap_ports',
  'contact_name',
  'contact_phone',
  'status',
  'status_note',
  'photos',
];

/**
 * Upserts placed rows by external id in batches (inside the caller's transaction), stamping
 * `updated_at` with `at`. Returns how many were inserted and updated.
 */
export async function upsertStations(
  tx: Db,
  good: PlacedStation[],
  at: Date,
  onBatch?: (done: number, total: number) => void,
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < good.length; i += BATCH) {
    const batch = good.slice(i, i + BATCH);
    const result = await tx
      .insert(stations)
      .values(
        batch.map((g) => ({
          externalId: g.draft.externalId,
          ...g.values,
          status: g.draft.status,
          statusNote: g.draft.statusNote,
          updatedAt: at,
        })),
      )
      .onConflictDoUpdate({
        target: stations.externalId,
        set: Object.fromEntries(
          UPSERT_COLUMNS.map((c) => [camel(c), sql.raw(`excluded.${c}`)]).concat([
            ['updatedAt', sql`excluded.updated_at`],
          ]),
        ),
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    for (const r of result) {
      if (r.inserted) inserted++;
      else updated++;
    }
    onBatch?.(Math.min(i + BATCH, good.length), good.length);
  }
  return { inserted, updated };
}

/**
 * Imports stations from CSV or GeoJSON, upserting by external id. Every row is checked first
 * (schema, hours, place, scope, duplicates) and reported by line; then all writes happen in one
 * transaction, so a failure part-way leaves nothing behind. (The CLI's path; the app's upload
 * runs the same steps through the imports job, off the event loop, with a progress bar.)
 */
export async function importStations(ctx: StationsCaller, opts: ImportOptions): Promise<ImportReport> {
  const { db } = ctx;
  // Parsing, the row checks and placing run in a worker thread: a 20,000-row file held the event
  // loop for seconds. Scope and the database stay here.
  const checked = await ctx.offLoop.run<ReturnType<typeof checkImportFile>>(CHECK_IMPORT_URL, 'checkImportFile', {
    format: opts.format,
    content: opts.content,
    areas: await loadAreaData(db),
  });
  const scoped = withinScope(ctx.actor, checked.placed);
  const bad: BadRow[] = [...checked.bad, ...scoped.bad].sort((a, b) => a.line - b.line);
  const good = scoped.good.sort((a, b) => a.line - b.line);
  const rows = { length: checked.rows };

  const report: ImportReport = {
    rows: rows.length,
    inserted: 0,
    updated: 0,
    skipped: bad.length,
    written: false,
    badRows: bad,
  };
  if (bad.length > 0 && !opts.skipBad) return { ...report, skipped: rows.length };

  try {
    await db.transaction(async (tx) => {
      if (ctx.actor) {
        // An upsert must not take over a station that sits outside the caller's scope.
        const outside = await stationsOutsideScope(tx, ctx.actor, good);
        if (outside.size > 0) {
          const refused = good.filter((g) => outside.has(g.draft.externalId));
          for (const g of refused)
            bad.push({ line: g.line, field: 'external_id', reason: '该外部编号的驿站不在你负责的范围内' });
          bad.sort((a, b) => a.line - b.line);
          good.splice(0, good.length, ...good.filter((g) => !outside.has(g.draft.externalId)));
          if (!opts.skipBad) throw new DryRun();
        }
      }
      const counts = await upsertStations(tx, good, ctx.now(), opts.onProgress);
      report.inserted = counts.inserted;
      report.updated = counts.updated;
      if (opts.dryRun) throw new DryRun();
    });
    report.written = !opts.dryRun;
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
    if (!opts.dryRun) return { ...report, inserted: 0, updated: 0, skipped: rows.length, written: false, badRows: bad };
  }
  return { ...report, skipped: bad.length, badRows: bad };
}

const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
