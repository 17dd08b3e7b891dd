export * from './geo.js';
export * from './accounts.js';
