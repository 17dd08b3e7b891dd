import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { LoginTicketBody, SignInOptions, WebLoginCallbackQuery } from '@nuanxin/shared/auth/schemas';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { AppError } from '../platform/app-error.js';
import type { AuthContext } from './context.js';
import { exchangeLoginTicket, finishWebLogin, newLoginState, webLoginUrl } from './web-login.js';

const STATE_COOKIE = 'nx_wx_state';
const COOKIE_PATH = '/api/v1/auth/wx-web';
const LOGIN_PAGE = '/#/pages/login/index';

/** The value of one cookie of the request (the state cookie is the only one this API reads). */
function cookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The H5 build's sign-in inside WeChat's browser (网页授权), and what the login page asks first.
 * start → WeChat → callback → the login page with a one-time ticket → exchange → tokens. The
 * state round-trips through a short-lived HttpOnly cookie, so a callback forged for another
 * browser (login CSRF) is refused. Failures of the callback land on the login page as an error
 * code it shows in Chinese, never as a JSON page in the browser.
 */
const webLoginRoutes: FastifyPluginAsyncTypebox<{
  ctx: AuthContext;
  loginRateLimitPerMinute: number;
  publicUrl: string;
}> = async (app, { ctx, loginRateLimitPerMinute, publicUrl }) => {
  const loginLimit = { max: loginRateLimitPerMinute, timeWindow: '1 minute' };
  // PUBLIC_URL in production; else where this request came in (development, tests).
  const baseOf = (request: FastifyRequest) => publicUrl || `${request.protocol}://${request.host}`;
  const stateCookie = (request: FastifyRequest, value: string, maxAge: number) =>
    `${STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax` +
    (baseOf(request).startsWith('https:') ? '; Secure' : '');
  const toLoginPage = (request: FastifyRequest, reply: FastifyReply, query: Record<string, string>) =>
    reply
      .header('set-cookie', stateCookie(request, '', 0))
      .header('cache-control', 'no-store')
      .redirect(`${baseOf(request)}${LOGIN_PAGE}?${new URLSearchParams(query).toString()}`);

  app.get('/options', {
    schema: { tags: ['auth'], summary: 'H5 上可用的登录方式', response: { 200: SignInOptions } },
    config: { auth: 'public' },
    handler: async () => ({ demo: ctx.config.demoMode, wechatWeb: ctx.wechatWeb.enabled }),
  });

  app.get('/wx-web/start', {
    schema: { tags: ['auth'], summary: '微信网页授权登录：跳转到微信', response: { ...errorResponses } },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request, reply) => {
      const state = newLoginState();
      const url = webLoginUrl(ctx, { callbackUrl: `${baseOf(request)}${COOKIE_PATH}/callback`, state });
      return reply
        .header('set-cookie', stateCookie(request, state, 600))
        .header('cache-control', 'no-store')
        .redirect(url);
    },
  });

  app.get('/wx-web/callback', {
    schema: { tags: ['auth'], summary: '微信网页授权回调', querystring: WebLoginCallbackQuery },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request, reply) => {
      const { code, state } = request.query;
      const expected = cookie(request, STATE_COOKIE);
      // No code: the user declined, or WeChat sent them back without one.
      if (!code || !state || !expected || state !== expected) {
        return toLoginPage(request, reply, { error: code ? 'LOGIN_STATE_INVALID' : 'WECHAT_CODE_INVALID' });
      }
      try {
        const { ticket } = await finishWebLogin(ctx, { code });
        return toLoginPage(request, reply, { ticket });
      } catch (err) {
        if (err instanceof AppError) return toLoginPage(request, reply, { error: err.code });
        throw err;
      }
    },
  });

  app.post('/wx-web/exchange', {
    schema: {
      tags: ['auth'],
      summary: '用一次性登录凭证换取令牌',
      body: LoginTicketBody,
      response: { 200: Type.Ref('TokenPair'), ...errorResponses },
    },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => exchangeLoginTicket(ctx, request.body),
  });
};

export default webLoginRoutes;
