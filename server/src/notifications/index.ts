// The notifications job's public face: the inbox plugin, the outbox worker, and the two helpers
// other jobs call inside their own transactions.
export { default as notificationsPlugin } from './plugin.js';
export { createNotificationsContext, type NotificationsContext } from './context.js';
export { deliverDue, startOutboxWorker } from './worker.js';
export {
  noticeOnce,
  notifyReporter,
  notifyStaff,
  wechatThing,
  wechatTime,
  type StaffMessage,
  type SubscribeMessage,
} from './notify.js';
export { tellRiderAboutPass, notifyExpiringPasses, PASS_PAGE } from './pass-notices.js';
export { attentionOf } from './attention.js';
