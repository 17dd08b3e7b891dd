import Taro from '@tarojs/taro';
import type { Me, TokenPair } from '@nuanxin/shared/auth/schemas';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms; informational (the server is the judge), used to show a stale session early. */
  refreshExpiresAt: number;
  user: Me;
}

export interface TokenStore {
  get(): StoredSession | null;
  save(pair: TokenPair): void;
  clear(): void;
}

// One key so that tokens and the cached user can never disagree after a partial write.
const KEY = 'nx.session.v1';

function isStoredSession(value: unknown): value is StoredSession {
  const v = value as Partial<StoredSession> | null;
  return (
    !!v &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.user === 'object' &&
    v.user !== null
  );
}

export const tokenStore: TokenStore = {
  get() {
    try {
      const value: unknown = Taro.getStorageSync(KEY);
      return isStoredSession(value) ? value : null;
    } catch {
      return null;
    }
  },
  save(pair) {
    const session: StoredSession = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      refreshExpiresAt: Date.now() + pair.refreshTokenExpiresIn * 1000,
      user: pair.user,
    };
    Taro.setStorageSync(KEY, session);
  },
  clear() {
    try {
      Taro.removeStorageSync(KEY);
    } catch {
      // Storage failing to delete must not block logout; the server side is revoked anyway.
    }
  },
};

/** Keeps the cached profile in step after GET /me without touching the tokens. */
export function updateCachedUser(user: Me): void {
  const current = tokenStore.get();
  if (current) Taro.setStorageSync(KEY, { ...current, user });
}
