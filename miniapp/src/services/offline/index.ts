// The outbox's public face: what pages import. start() is called once at launch (app.tsx).
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { IS_H5 } from '../../env';
import { tokenStore } from '../tokens';
import { outbox, type OutboxItem, type OutboxKind } from './outbox';
import { photoStore } from './photos';

export {
  outbox,
  OUTBOX_STATE_LABELS,
  type OutboxItem,
  type OutboxKind,
  type OutboxState,
  type ReportItem,
  type ScanItem,
} from './outbox';

const currentUser = () => tokenStore.get()?.user.id;

let started = false;

/**
 * Calls `fn` each time the network comes back (H5: the window's `online`; weapp:
 * onNetworkStatusChange). Returns the unsubscribe.
 */
export function onNetworkBack(fn: () => void): () => void {
  if (IS_H5 && typeof window !== 'undefined') {
    window.addEventListener('online', fn);
    return () => window.removeEventListener('online', fn);
  }
  const listener = (r: { isConnected: boolean }) => r.isConnected && fn();
  Taro.onNetworkStatusChange?.(listener);
  return () => Taro.offNetworkStatusChange?.(listener);
}

/**
 * Sends what waits when the network comes back, when the app comes to the foreground, and once now.
 */
export function startOutbox(): void {
  if (started) return;
  started = true;
  outbox.recover();
  // H5 loads its photo store as a chunk: fetch it now, while the page has network, not at the
  // first offline submit when the chunk could not be fetched.
  void photoStore().catch(() => undefined);
  const flush = () => void outbox.flush(currentUser(), { now: true });
  onNetworkBack(flush);
  if (IS_H5 && typeof window !== 'undefined') {
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && flush());
  } else {
    Taro.onAppShow?.(flush);
  }
  flush();
}

/** The signed-in user's outbox items (of one kind, if given), kept current. */
export function useOutbox(userId: string | undefined, kind?: OutboxKind): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>(() => outbox.items(userId, kind));
  useEffect(() => {
    setItems(outbox.items(userId, kind));
    return outbox.subscribe(() => setItems(outbox.items(userId, kind)));
  }, [userId, kind]);
  return items;
}
