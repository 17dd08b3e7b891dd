import { AppError } from './app-error.js';

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

/** A WeChat answer that is not a success, kept with its errcode so callers can decide to retry. */
export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
    this.name = 'WeChatApiError';
  }
}

/** errcodes meaning "this access token is no longer valid": refresh once and retry. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);

/**
 * A real HTTP client for WeChat's server API: jscode2session, and subscribe messages with the
 * access token WeChat requires. The token comes from `cgi-bin/stable_token`, which (unlike
 * `cgi-bin/token`) does not invalidate the token other replicas hold, is cached until shortly
 * before it expires, fetched once for concurrent callers, and refreshed on 40001/42001.
 */
export class WeChatClient {
  private token: { value: string; expiresAt: number } | null = null;
  private fetching: Promise<string> | null = null;

  constructor(
    private readonly opts: WeChatClientOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  private async postJson<T>(url: URL | string, body: unknown): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    if (!response.ok) throw new WeChatApiError(-2, `HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  /** A valid access token; `forceRefresh` after WeChat said the cached one is invalid. */
  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.clock() < this.token.expiresAt) return this.token.value;
    this.fetching ??= (async () => {
      try {
        const body = await this.postJson<{
          access_token?: string;
          expires_in?: number;
          errcode?: number;
          errmsg?: string;
        }>(`${this.opts.apiBase}/cgi-bin/stable_token`, {
          grant_type: 'client_credential',
          appid: this.opts.appId,
          secret: this.opts.appSecret,
          force_refresh: forceRefresh,
        });
        if (!body.access_token) throw new WeChatApiError(body.errcode ?? -3, body.errmsg ?? 'no access_token');
        // Renew five minutes early so a token never expires between fetch and use.
        const ttl = Math.max(60, (body.expires_in ?? 7200) - 300);
        this.token = { value: body.access_token, expiresAt: this.clock() + ttl * 1000 };
        return body.access_token;
      } finally {
        this.fetching = null;
      }
    })();
    return this.fetching;
  }

  /** Sends one subscribe message (订阅消息). Throws WeChatApiError with WeChat's errcode. */
  async sendSubscribeMessage(message: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
    miniprogramState: string;
  }): Promise<void> {
    const body = {
      touser: message.touser,
      template_id: message.templateId,
      ...(message.page ? { page: message.page } : {}),
      data: message.data,
      miniprogram_state: message.miniprogramState,
      lang: 'zh_CN',
    };
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const url = new URL(`${this.opts.apiBase}/cgi-bin/message/subscribe/send`);
      url.searchParams.set('access_token', token);
      const answer = await this.postJson<{ errcode?: number; errmsg?: string }>(url, body);
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return;
      if (TOKEN_INVALID.has(errcode) && attempt === 0) {
        this.token = null;
        continue;
      }
      throw new WeChatApiError(errcode, answer.errmsg ?? 'subscribe send failed');
    }
  }

  /** Exchanges a `wx.login()` code for the user's openid and session_key. */
  async code2Session(code: string): Promise<WeChatSession> {
    const url = new URL(`${this.opts.apiBase}/sns/jscode2session`);
    url.searchParams.set('appid', this.opts.appId);
    url.searchParams.set('secret', this.opts.appSecret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');

    const body = await getLoginJson<Code2SessionResponse>(url, this.opts.timeoutMs);

    const errcode = body.errcode ?? 0;
    if (errcode === 0 && body.openid && body.session_key) {
      return {
        openid: body.openid,
        sessionKey: body.session_key,
        ...(body.unionid ? { unionid: body.unionid } : {}),
      };
    }
    throw loginError(errcode);
  }
}

/** GET a WeChat login endpoint; anything but a JSON answer is "WeChat unavailable". */
async function getLoginJson<T>(url: URL, timeoutMs: number): Promise<T> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as T;
  } catch {
    throw new AppError(503, 'WECHAT_UNAVAILABLE');
  }
}

/** What a failed code exchange (jscode2session, oauth2/access_token) means for the caller. */
function loginError(errcode: number): AppError {
  switch (errcode) {
    case 40029: // invalid code
    case 40163: // code already used
      return new AppError(400, 'WECHAT_CODE_INVALID', undefined, 'code');
    case 45011: // API minute quota per user reached
      return new AppError(429, 'WECHAT_RATE_LIMITED');
    case -1: // system busy
      return new AppError(503, 'WECHAT_BUSY');
    default:
      return new AppError(502, 'WECHAT_ERROR');
  }
}

export interface WeChatWebOptions {
  /** The official account (公众号) whose 网页授权 signs H5 users in. */
  appId: string;
  appSecret: string;
  /** https://open.weixin.qq.com/connect/oauth2/authorize; a fake on 127.0.0.1 in tests. */
  authorizeUrl: string;
  apiBase: string;
  timeoutMs: number;
}

/**
 * 网页授权 (WeChat's OAuth 2.0 for web pages opened inside WeChat): the H5 build's sign-in. The
 * browser is sent to `authorizeUrl`, WeChat sends it back with a code, and the code is exchanged
 * server-side at `sns/oauth2/access_token` for the user's openid (of the official account, not the
 * mini-program) and, when the accounts share an open platform, the unionid that links the two.
 * snsapi_base: no consent page, no profile — the openid is all we need.
 */
export class WeChatWebAuth {
  constructor(private readonly opts: WeChatWebOptions) {}

  get enabled(): boolean {
    return this.opts.appId !== '' && this.opts.appSecret !== '';
  }

  /** Where to send the browser; WeChat returns it to `redirectUri?code=…&state=…`. */
  authorizeUrl(redirectUri: string, state: string): string {
    const url = new URL(this.opts.authorizeUrl);
    url.searchParams.set('appid', this.opts.appId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'snsapi_base');
    url.searchParams.set('state', state);
    url.hash = 'wechat_redirect';
    return url.toString();
  }

  /** Exchanges the code WeChat returned for the user's official-account openid (and unionid). */
  async exchangeCode(code: string): Promise<{ openid: string; unionid?: string }> {
    const url = new URL(`${this.opts.apiBase}/sns/oauth2/access_token`);
    url.searchParams.set('appid', this.opts.appId);
    url.searchParams.set('secret', this.opts.appSecret);
    url.searchParams.set('code', code);
    url.searchParams.set('grant_type', 'authorization_code');
    const body = await getLoginJson<{ openid?: string; unionid?: string; errcode?: number }>(url, this.opts.timeoutMs);
    const errcode = body.errcode ?? 0;
    if (errcode === 0 && body.openid)
      return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
    throw loginError(errcode);
  }
}
