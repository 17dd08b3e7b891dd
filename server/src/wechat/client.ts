import { AppError } from '../errors/app-error.js';

export interface WeChatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export interface WeChatClientOptions {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com in production; a fake server on 127.0.0.1 in tests. */
  apiBase: string;
  timeoutMs: number;
}

interface Code2SessionResponse {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/**
 * A real HTTP client for WeChat's server API. Only `jscode2session` for now; subscribe messages
 * (with access-token caching) belong to the notifications work.
 */
export class WeChatClient {
  constructor(private readonly opts: WeChatClientOptions) {}

  /** Exchanges a `wx.login()` code for the user's openid and session_key. */
  async code2Session(code: string): Promise<WeChatSession> {
    const url = new URL(`${this.opts.apiBase}/sns/jscode2session`);
    url.searchParams.set('appid', this.opts.appId);
    url.searchParams.set('secret', this.opts.appSecret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');

    let body: Code2SessionResponse;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as Code2SessionResponse;
    } catch {
      throw new AppError(503, 'WECHAT_UNAVAILABLE');
    }

    const errcode = body.errcode ?? 0;
    if (errcode === 0 && body.openid && body.session_key) {
      return {
        openid: body.openid,
        sessionKey: body.session_key,
        ...(body.unionid ? { unionid: body.unionid } : {}),
      };
    }
    switch (errcode) {
      case 40029: // invalid code
      case 40163: // code already used
        throw new AppError(400, 'WECHAT_CODE_INVALID', undefined, 'code');
      case 45011: // API minute quota per user reached
        throw new AppError(429, 'WECHAT_RATE_LIMITED');
      case -1: // system busy
        throw new AppError(503, 'WECHAT_BUSY');
      default:
        throw new AppError(502, 'WECHAT_ERROR');
    }
  }
}
