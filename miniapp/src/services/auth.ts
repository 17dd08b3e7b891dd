// Typed calls of login, the session and the caller's own account. A factory over the transport
// so tests can run them against a client with its own session-lost handler.
import type { DemoAccountList, Me, SignInOptions, TokenPair } from '@nuanxin/shared/auth/schemas';
import { api, type ApiClient } from './api';

export function createAuthApi(client: ApiClient) {
  const { call, callForSession, tokens } = client;
  return {
    options: () => call<SignInOptions>('GET', '/api/v1/auth/options', { auth: false }),
    /** The one-time ticket the H5 WeChat sign-in (网页授权) brings back to the login page. */
    exchangeTicket: (ticket: string) => callForSession('/api/v1/auth/wx-web/exchange', { ticket }),
    demoAccounts: () => call<DemoAccountList>('GET', '/api/v1/auth/demo-accounts', { auth: false }),
    demoLogin: (account: string) => callForSession('/api/v1/auth/demo-login', { account }),
    wxLogin: (code: string) => callForSession('/api/v1/auth/wx-login', { code }),
    me: () => call<Me>('GET', '/api/v1/me'),
    redeemInvitation: (code: string): Promise<TokenPair> =>
      callForSession('/api/v1/auth/invitations/redeem', { code }, true),
    /** Best effort on the server; local tokens are always cleared. */
    logout: async () => {
      const current = tokens.get();
      tokens.clear();
      if (current) {
        await call<void>('POST', '/api/v1/auth/logout', { body: { refreshToken: current.refreshToken }, auth: false });
      }
    },
    logoutAll: async () => {
      await call<void>('POST', '/api/v1/auth/logout-all');
      tokens.clear();
    },
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;

export const authApi: AuthApi = createAuthApi(api);
