import Taro from '@tarojs/taro';
import { ACTIVITY_SUBSCRIBE_TEMPLATES, IS_WEAPP, PASS_SUBSCRIBE_TEMPLATES } from '../env';

/**
 * Asks for the pass subscribe messages (approved, rejected, revoked; expiring) in the apply tap;
 * returns the kinds the rider accepted. Nothing on H5 or without configured templates.
 */
export async function askPassSubscriptions(): Promise<string[]> {
  // WeChat takes at most 3 templates per request: the decision ones come first (the expiring
  // notice is always in the inbox; its message only when a fourth slot is free).
  const ids = Object.entries(PASS_SUBSCRIBE_TEMPLATES)
    .filter(([, id]) => id)
    .slice(0, 3);
  if (!IS_WEAPP || ids.length === 0) return [];
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: ids.map(([, id]) => id),
      entityIds: [],
    } as never)) as unknown as Record<string, string>;
    return ids.filter(([, id]) => res[id] === 'accept').map(([kind]) => kind);
  } catch {
    return [];
  }
}

/**
 * Asks for the activity reminder subscribe message in the sign-up tap (WeChat allows it only from
 * a tap); returns the kinds the rider accepted. Nothing on H5 or without a configured template.
 */
export async function askActivitySubscriptions(): Promise<string[]> {
  const ids = Object.entries(ACTIVITY_SUBSCRIBE_TEMPLATES).filter(([, id]) => id);
  if (!IS_WEAPP || ids.length === 0) return [];
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: ids.map(([, id]) => id),
      entityIds: [],
    } as never)) as unknown as Record<string, string>;
    return ids.filter(([, id]) => res[id] === 'accept').map(([kind]) => kind);
  } catch {
    return [];
  }
}
