export { default as authPlugin } from './plugin.js';
