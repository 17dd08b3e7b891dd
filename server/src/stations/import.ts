import { inArray, sql } from 'drizzle-orm';
import type { ImportFormat, ImportReport } from '@nuanxin/shared/stations/schemas';
import { stations } from '../db/schema/index.js';
import { inScope } from '../auth/index.js';
import type { StationsCaller } from './context.js';
import { badRequest } from '../platform/app-error.js';
import { loadAreas } from './areas.js';
import { parseCsv } from './formats/csv.js';
import { parseGeoJson } from './formats/geojson.js';
import { CSV_COLUMNS, REQUIRED_COLUMNS, RowError, draftFromProps, type RowDraft } from './formats/rows.js';
import { checkStationInput } from './validate.js';
import { stationValues } from './values.js';

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
interface GoodRow {
  line: number;
  draft: RowDraft;
  values: ReturnType<typeof stationValues>;
}

class DryRun extends Error {}

function records(format: ImportFormat, content: string): { line: number; draft: () => RowDraft }[] {
  try {
    if (format === 'csv') {
      const { header, records } = parseCsv(content);
      const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
      if (unknown.length) throw new Error(`不认识的列：${unknown.join('、')}`);
      const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
      if (missing.length) throw new Error(`缺少必需的列：${missing.join('、')}`);
      return records.map((r) => ({
        line: r.line,
        draft: () => draftFromProps(r.values, { lat: r.values.lat, lng: r.values.lng }),
      }));
    }
    return parseGeoJson(content).map((r) => ({
      line: r.line,
      draft: () => {
        const f = r.feature as {
          type?: unknown;
          geometry?: { type?: unknown; coordinates?: unknown };
          properties?: unknown;
        };
        if (!f || f.type !== 'Feature') throw new RowError('feature', `第 ${r.index + 1} 个要素不是 Feature`);
        const coords = f.geometry?.coordinates;
        if (f.geometry?.type !== 'Point' || !Array.isArray(coords) || coords.length < 2) {
          throw new RowError('geometry', '位置应为 Point [经度, 纬度]');
        }
        if (typeof coords[0] !== 'number' || typeof coords[1] !== 'number')
          throw new RowError('geometry', '经纬度应为数字');
        return draftFromProps((f.properties ?? {}) as Record<string, unknown>, { lng: coords[0], lat: coords[1] });
      },
    }));
  } catch (err) {
    throw badRequest('IMPORT_FILE_INVALID', `导入文件无法读取：${(err as Error).message}`, 'content');
  }
}

/**
 * Imports stations from CSV or GeoJSON, upserting by external id. Every row is checked first
 * (schema, hours, place, scope, duplicates) and reported by line; then all writes happen in one
 * transaction, so a failure part-way leaves nothing behind.
 */
export async function importStations(ctx: StationsCaller, opts: ImportOptions): Promise<ImportReport> {
  const { db } = ctx;
  const rows = records(opts.format, opts.content);
  const areas = await loadAreas(db);
  const bad: BadRow[] = [];
  const good: GoodRow[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    try {
      const draft = r.draft();
      const earlier = seen.get(draft.externalId);
      if (earlier !== undefined)
        throw new RowError('external_id', `外部编号 ${draft.externalId} 与第 ${earlier} 行重复`);
      seen.set(draft.externalId, r.line);
      const checked = checkStationInput(draft.input);
      if (!checked.ok) throw new RowError(checked.problem.field, checked.problem.reason);
      const place = areas.place({
        lat: checked.value.lat,
        lng: checked.value.lng,
        streetCode: draft.streetCode,
        districtCode: draft.districtCode,
      });
      if (!place.ok) throw new RowError(place.field, place.reason);
      if (ctx.actor && !inScope(ctx.actor, place)) throw new RowError('lat', '该驿站不在你负责的范围内');
      good.push({ line: r.line, draft, values: stationValues(checked.value, place) });
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      bad.push({ line: r.line, field: err.field, reason: err.message });
    }
  }

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
        const principal = ctx.actor;
        const ids = good.map((g) => g.draft.externalId);
        const outside = new Set<string>();
        for (let i = 0; i < ids.length; i += BATCH) {
          const existing = await tx
            .select({ externalId: stations.externalId, districtId: stations.districtId, streetId: stations.streetId })
            .from(stations)
            .where(inArray(stations.externalId, ids.slice(i, i + BATCH)));
          for (const e of existing) if (!inScope(principal, e)) outside.add(e.externalId);
        }
        if (outside.size > 0) {
          const refused = good.filter((g) => outside.has(g.draft.externalId));
          for (const g of refused)
            bad.push({ line: g.line, field: 'external_id', reason: '该外部编号的驿站不在你负责的范围内' });
          bad.sort((a, b) => a.line - b.line);
          good.splice(0, good.length, ...good.filter((g) => !outside.has(g.draft.externalId)));
          if (!opts.skipBad) throw new DryRun();
        }
      }
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
            })),
          )
          .onConflictDoUpdate({
            target: stations.externalId,
            set: Object.fromEntries(
              [
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
              ]
                .map((c) => [camel(c), sql.raw(`excluded.${c}`)])
                .concat([['updatedAt', sql`now()`]]),
            ),
          })
          .returning({ inserted: sql<boolean>`(xmax = 0)` });
        for (const r of result) {
          if (r.inserted) report.inserted++;
          else report.updated++;
        }
        opts.onProgress?.(Math.min(i + BATCH, good.length), good.length);
      }
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
