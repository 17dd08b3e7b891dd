export { default as stationsPlugin } from './plugin.js';
