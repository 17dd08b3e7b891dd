export * from './geo.js';
export * from './accounts.js';
export * from './stations.js';
export * from './access.js';
export * from './points.js';
export * from './reports.js';
export * from './notifications.js';
export * from './audit.js';
