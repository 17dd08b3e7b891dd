export { default as reportsPlugin } from './plugin.js';
export type { PhotoStorage } from './storage.js';
