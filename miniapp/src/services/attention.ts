import Taro from '@tarojs/taro';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Attention } from '@nuanxin/shared/notifications/schemas';
import { attentionApi } from './notifications';

/** The 我的 tab (app.config.ts tabBar.list: 首页, 驿站, 随手拍, 我的). */
const ME_TAB_INDEX = 3;

/** The unread count on the 我的 tab; no badge at 0. Failures (tab bar not ready) are ignored. */
export function showUnreadBadge(unread: number): void {
  const done = () => undefined;
  if (unread > 0)
    void Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: unread > 99 ? '99+' : String(unread) }).catch(done);
  else void Taro.removeTabBarBadge({ index: ME_TAB_INDEX }).catch(done);
}

/**
 * What needs the signed-in user's action, fetched each time the page shows (one call), and the
 * 我的 tab's badge kept in step with it. A failure keeps the last answer: the banner is a hint.
 */
export function useAttention(enabled: boolean): Attention | null {
  const [attention, setAttention] = useState<Attention | null>(null);
  const last = useRef(0);
  const refresh = useCallback(() => {
    // The first show and the first render both ask: one call is enough.
    if (!enabled || Date.now() - last.current < 1000) return;
    last.current = Date.now();
    attentionApi
      .get()
      .then((a) => {
        setAttention(a);
        showUnreadBadge(a.unread);
      })
      .catch(() => undefined);
  }, [enabled]);
  useDidShow(refresh);
  useEffect(refresh, [refresh]);
  return attention;
}
