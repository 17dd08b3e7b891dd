import type { Db } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { WeChatClient } from '../platform/wechat.js';

/** What every notifications use case receives: the inbox needs db and clock, delivery also WeChat. */
export interface NotificationsContext extends ServiceContext {
  wechat: WeChatClient;
  config: Config['notifications'];
  /** The vouchers' notice window (points config), which the home page's banner shares. */
  voucherExpiryNoticeHours?: number;
}

export function createNotificationsContext(
  db: Db,
  config: Config,
  wechat: WeChatClient,
  now: Clock = systemClock,
): NotificationsContext {
  return {
    db,
    now,
    wechat,
    config: config.notifications,
    voucherExpiryNoticeHours: config.points.voucherExpiryNoticeHours,
  };
}
