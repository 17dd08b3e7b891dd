import type { Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { WeChatClient, WeChatWebAuth } from '../platform/wechat.js';

/** What every auth use case receives. */
export interface AuthContext extends ServiceContext {
  config: Pick<
    Config,
    'accessTokenTtlSeconds' | 'refreshTokenTtlSeconds' | 'refreshReuseGraceSeconds' | 'invitationTtlHours' | 'demoMode'
  >;
  wechat: WeChatClient;
  /** 网页授权: the H5 build's WeChat sign-in. */
  wechatWeb: WeChatWebAuth;
  /** Signs a short-lived access token (the jwt plugin's key and lifetime). */
  signAccessToken(payload: { sub: string; role: Role; iatMs: number }): string;
  /** Drops a user's cached principal after their role, status or tokens changed (guard.ts). */
  forget(userId: string): void;
}

export function createAuthContext(
  db: Db,
  config: Config,
  deps: Pick<AuthContext, 'wechat' | 'wechatWeb' | 'signAccessToken' | 'forget'>,
  now: Clock = systemClock,
): AuthContext {
  const { accessTokenTtlSeconds, refreshTokenTtlSeconds, refreshReuseGraceSeconds, invitationTtlHours, demoMode } =
    config;
  return {
    db,
    now,
    config: { accessTokenTtlSeconds, refreshTokenTtlSeconds, refreshReuseGraceSeconds, invitationTtlHours, demoMode },
    ...deps,
  };
}
