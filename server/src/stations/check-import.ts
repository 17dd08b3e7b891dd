// The CPU part of a stations import (parse, row checks, placing each row among the districts and
// streets): pure, so importStations runs it in a worker thread (platform/off-loop.ts) and the
// event loop keeps answering. Loads no database layer.
import type { ImportFormat, ImportReport } from '@nuanxin/shared/stations/schemas';
import { badRequest } from '../platform/app-error.js';
import { areasFrom, type AreaData, type Areas } from './areas.js';
import { checkStationRecords, stationRecords, type CheckedStation, type StationRecord } from './check-rows.js';
import { stationValues } from './values.js';

type BadRow = ImportReport['badRows'][number];

/** A checked row placed in a district (and maybe a street), with the columns it will write. */
export interface PlacedRow extends CheckedStation {
  place: { streetId: string | null; districtId: string };
  values: ReturnType<typeof stationValues>;
}

/** Places each checked row (explicit code or boundary); a row that fits nowhere is a bad row. */
export function placeRows(areas: Areas, checked: CheckedStation[]): { placed: PlacedRow[]; bad: BadRow[] } {
  const placed: PlacedRow[] = [];
  const bad: BadRow[] = [];
  for (const c of checked) {
    const place = areas.place({
      lat: c.input.lat,
      lng: c.input.lng,
      streetCode: c.draft.streetCode,
      districtCode: c.draft.districtCode,
    });
    if (!place.ok) bad.push({ line: c.line, field: place.field, reason: place.reason });
    else {
      const at = { streetId: place.streetId, districtId: place.districtId };
      placed.push({ ...c, place: at, values: stationValues(c.input, at) });
    }
  }
  return { placed, bad };
}

/** The worker task of placing rows checked elsewhere (the imports job's worker checks them). */
export function placeCheckedRows(input: { areas: AreaData; checked: CheckedStation[] }) {
  return placeRows(areasFrom(input.areas), input.checked);
}

/** The worker task: a file's rows checked and placed (scope and the database come after, on the caller). */
export function checkImportFile(input: { format: ImportFormat; content: string; areas: AreaData }): {
  rows: number;
  placed: PlacedRow[];
  bad: BadRow[];
} {
  let rows: StationRecord[];
  try {
    rows = stationRecords(input.format, input.content);
  } catch (err) {
    throw badRequest('IMPORT_FILE_INVALID', `导入文件无法读取：${(err as Error).message}`, 'content');
  }
  const checked = checkStationRecords(rows);
  const { placed, bad } = placeRows(areasFrom(input.areas), checked.good);
  return { rows: rows.length, placed, bad: [...checked.bad, ...bad] };
}
