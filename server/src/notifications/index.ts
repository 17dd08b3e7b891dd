export { default as notificationsPlugin } from './plugin.js';
