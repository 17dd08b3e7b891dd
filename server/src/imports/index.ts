// The imports job's public face: scripts and tests import from here only.
export { default as importsPlugin } from './plugin.js';
export { createImportsContext, type ImportsContext } from './context.js';
export { startImport, commitImport, getImportRun, listImportRuns } from './runs.js';
export { checkFile } from './check-file.js';
export { communitiesTemplateCsv, communitiesTemplateXlsx, writeXlsx } from './template.js';
export { insertCommunities, type PlacedCommunity } from './communities.js';
export type { LiveProgress } from './runner.js';
