import Taro from '@tarojs/taro';
import {
  ACTIVITY_SUBSCRIBE_TEMPLATES,
  HOUSING_SUBSCRIBE_TEMPLATES,
  IS_WEAPP,
  LEGAL_SUBSCRIBE_TEMPLATES,
  PASS_SUBSCRIBE_TEMPLATES,
} from '../env';

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
 * Asks for the configured subscribe messages of `templates` (kind → id; at most the first 3, WeChat's
 * limit per request) in the user's tap; returns the kinds accepted. Nothing on H5 or when none is set.
 */
async function askFor<K extends string>(templates: Record<K, string>): Promise<K[]> {
  const ids = (Object.entries(templates) as [K, string][]).filter(([, id]) => id).slice(0, 3);
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

/** Before applying for a bed: the review's outcome and the move-in. */
export const askHousingSubscriptions = () => askFor(HOUSING_SUBSCRIBE_TEMPLATES);
/** Before opening a case: 受理/转介, an appointment, the close. */
export const askLegalSubscriptions = () => askFor(LEGAL_SUBSCRIBE_TEMPLATES);
/** In the sign-up tap: the reminder before a session starts. */
export const askActivitySubscriptions = () => askFor(ACTIVITY_SUBSCRIBE_TEMPLATES);
