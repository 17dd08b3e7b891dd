export { default as accessPlugin } from './plugin.js';
