export * from './geo.js';
export * from './accounts.js';
export * from './reports.js';
export * from './notifications.js';
