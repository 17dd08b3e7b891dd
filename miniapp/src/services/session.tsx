import Taro from '@tarojs/taro';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '@nuanxin/shared/auth/schemas';
import { ROUTES } from '../routes';
import { ApiError, setSessionLostHandler } from './api';
import { authApi } from './auth';
import { tokenStore, updateCachedUser } from './tokens';

export type SessionStatus = 'anonymous' | 'authenticated';

export interface SessionValue {
  status: SessionStatus;
  user: Me | null;
  loginWithDemo(account: string): Promise<Me>;
  loginWithWeChat(): Promise<Me>;
  /** H5: finishes the WeChat 网页授权 sign-in with the ticket its callback put in the URL. */
  loginWithTicket(ticket: string): Promise<Me>;
  redeemInvitation(code: string): Promise<Me>;
  /** Re-reads /me; network failures keep the cached profile (riders are often offline). */
  reload(): Promise<void>;
  logout(): Promise<void>;
  logoutAll(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

function currentRoute(): string {
  const pages = Taro.getCurrentPages();
  const top = pages[pages.length - 1];
  return top?.route ? `/${top.route}` : '';
}

let redirecting = false;

/**
 * Idempotent: when the session ends, every mounted page guarding on `user` (the tab pages stay
 * mounted) asks for login in the same tick; only the first one navigates.
 */
export function goToLogin(): void {
  if (redirecting || currentRoute() === ROUTES.login) return;
  redirecting = true;
  void Promise.resolve(Taro.reLaunch({ url: ROUTES.login })).finally(() => {
    redirecting = false;
  });
}

export function SessionProvider({ children }: { children?: ReactNode }) {
  // Read synchronously so a returning user sees their home at once, even offline.
  const [user, setUser] = useState<Me | null>(() => tokenStore.get()?.user ?? null);

  useEffect(() => {
    setSessionLostHandler(() => {
      setUser(null);
      goToLogin();
    });
    return () => setSessionLostHandler(undefined);
  }, []);

  const reload = useCallback(async () => {
    if (!tokenStore.get()) return;
    try {
      const me = await authApi.me();
      updateCachedUser(me);
      setUser(me);
    } catch (err) {
      if (!(err instanceof ApiError) || !err.isNetwork) throw err;
    }
  }, []);

  useEffect(() => {
    // Role or scope may have changed server-side since the profile was cached.
    reload().catch(() => undefined);
  }, [reload]);

  const loginWithDemo = useCallback(async (account: string) => {
    const pair = await authApi.demoLogin(account);
    setUser(pair.user);
    return pair.user;
  }, []);

  const loginWithWeChat = useCallback(async () => {
    let code: string;
    try {
      ({ code } = await Taro.login());
    } catch {
      throw new ApiError('WECHAT_LOGIN_FAILED', '微信登录失败，请重试', 0);
    }
    const pair = await authApi.wxLogin(code);
    setUser(pair.user);
    return pair.user;
  }, []);

  const loginWithTicket = useCallback(async (ticket: string) => {
    const pair = await authApi.exchangeTicket(ticket);
    setUser(pair.user);
    return pair.user;
  }, []);

  const redeemInvitation = useCallback(async (code: string) => {
    const pair = await authApi.redeemInvitation(code);
    setUser(pair.user);
    return pair.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      // Local sign-out always wins: a failed server call must not trap the user signed in.
      setUser(null);
    }
  }, []);

  const logoutAll = useCallback(async () => {
    await authApi.logoutAll();
    setUser(null);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      status: user ? 'authenticated' : 'anonymous',
      user,
      loginWithDemo,
      loginWithWeChat,
      loginWithTicket,
      redeemInvitation,
      reload,
      logout,
      logoutAll,
    }),
    [user, loginWithDemo, loginWithWeChat, loginWithTicket, redeemInvitation, reload, logout, logoutAll],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
