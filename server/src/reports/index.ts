// The reports job's public face (随手拍 and its Open311 door): scripts, tests, the server and the
// jobs registry import from here only.
export { default as reportsPlugin } from './plugin.js';
export {
  createReportsContext,
  type MediaSigner,
  type ReportsConfig,
  type ReportsContext,
  type PhotoSize,
  photoKey,
} from './context.js';
export {
  LocalPhotoStorage,
  type PhotoStorage,
  type StagedFile,
  type StagedFiles,
  DISPLAY_KEEP_MAX,
  DISPLAY_MAX,
  processPhoto,
  thumbnailOf,
  stripJpegMetadata,
} from '../media/index.js';
export { sweepPhotoFiles, type SweepResult } from './sweep.js';
export { closeStaleFixedReports, type CloseStaleContext, type CloseStaleResult } from './close-stale.js';
export { alertOverdueReports, type OverdueContext, type OverdueResult } from './overdue.js';
export { routeReport, type Routed } from './routing.js';
export { ensureDefaultCategories } from './manage-categories.js';
export {
  CityOpen311Client,
  CityOpen311Error,
  forwardDue,
  pollCity,
  queueOverdueForwards,
  reportMarker,
  runCityPass,
  type CityContext,
  type CityPassResult,
} from './city/index.js';
