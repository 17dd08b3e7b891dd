export * from './geo.js';
export * from './accounts.js';
export * from './points.js';
