// The stations job's public face: scripts and tests import from here only.
export { default as stationsPlugin } from './plugin.js';
export { createStationsContext, type StationsContext, type StationsCaller } from './context.js';
export { nearbyStations } from './nearby.js';
export { exportStations } from './export.js';
export { importStations } from './import.js';
export { insideRing } from './areas.js';
export { isOpenAt, openMinuteRanges } from './hours.js';
export { stationValues } from './values.js';
export { csvCell } from './formats/csv.js';
export { CSV_COLUMNS, stationToCsvValues } from './formats/rows.js';
export { placeStationRows, stationsOutsideScope, upsertStations, type PlacedStation } from './import.js';
export {
  StationFileError,
  checkStationRecords,
  stationRecords,
  stationTableRecords,
  type CheckedStation,
  type StationRecord,
} from './check-rows.js';
// The nearest stations from a point (one indexed statement), for describing a place (geo/describe.ts).
export { knnSearch } from './search.js';
