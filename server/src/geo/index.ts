export { default as geoPlugin } from './plugin.js';
