import { sql } from 'drizzle-orm';
import type { ImportFormat } from '@nuanxin/shared/stations/schemas';
import { rowsOf } from '../db/client.js';
import type { StationsCaller } from './context.js';
import { csvCell } from './formats/csv.js';
import { CSV_COLUMNS, stationToCsvValues } from './formats/rows.js';
import { stationColumns, toStation, type StationRow } from './queries.js';

/**
 * All stations (in the caller's scope; all for an operator at the command line) as CSV or
 * GeoJSON, in the formats the importer reads back: export → import is a no-op.
 */
export async function exportStations(ctx: StationsCaller, opts: { format: ImportFormat }): Promise<string> {
  const p = ctx.actor;
  const scope =
    p === null
      ? sql`true`
      : p.role === 'district_admin'
        ? sql`s.district_id = ANY(${sql.param(p.districtIds)}::uuid[])`
        : p.role === 'street_operator'
          ? sql`s.street_id = ANY(${sql.param(p.streetIds)}::uuid[])`
          : sql`false`;
  const result = await ctx.db.execute(sql`
    SELECT ${stationColumns(ctx.now())}, st.name AS street_name, st.code AS street_code, d.adcode AS district_adcode
    FROM stations s
    LEFT JOIN streets st ON st.id = s.street_id
    JOIN districts d ON d.id = s.district_id
    WHERE ${scope}
    ORDER BY s.external_id`);
  const rows = rowsOf<StationRow & { street_code: string | null; district_adcode: string }>(result);
  if (opts.format === 'csv') {
    const lines = [CSV_COLUMNS.join(',')];
    for (const row of rows) {
      const values = stationToCsvValues(toStation(row), { street: row.street_code, district: row.district_adcode });
      lines.push(CSV_COLUMNS.map((c) => csvCell(values[c])).join(','));
    }
    return `${lines.join('\n')}\n`;
  }
  const features = rows.map((row) => {
    const s = toStation(row);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
      properties: {
        external_id: s.externalId,
        name: s.name,
        type: s.type,
        address: s.address,
        street_code: row.street_code,
        district_adcode: row.district_adcode,
        hours: s.hours,
        amenities: s.amenities,
        counts: s.counts,
        contact: s.contact,
        status: s.status,
        status_note: s.statusNote,
        photos: s.photos,
      },
    };
  });
  // One feature per line: diff-friendly, and the importer reports bad rows by that line.
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
