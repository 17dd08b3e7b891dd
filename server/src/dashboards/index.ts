// The dashboards job's public face: the server, scripts and tests import from here only.
export { default as dashboardsPlugin } from './plugin.js';
export { createDashboardsContext, type DashboardsContext } from './context.js';
export { reportDashboard } from './reports-figures.js';
export { accessDashboard } from './access-figures.js';
export { pointsDashboard } from './points-figures.js';
export { resolvePeriod, shanghaiDay, type Period } from './period.js';
export { stationsDashboard } from './stations-figures.js';
export { coverageGrid } from './coverage-geometry.js';
