export { default as pointsPlugin } from './plugin.js';
