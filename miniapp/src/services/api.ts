// The transport every job's client (services/<job>.ts) sends through: requests, the single-flight
// token refresh, and the mapping of every failure to an ApiError. It knows no job's endpoints.
import Taro from '@tarojs/taro';
// Bundle rule: from @nuanxin/shared only `import type` and the `as const` constants files.
// The package index pulls TypeBox, whose compiler uses `new Function` (rejected by WeChat).
import type { TokenPair } from '@nuanxin/shared/auth/schemas';
import { ERROR_MESSAGES, type ApiErrorBody } from '@nuanxin/shared/common/errors';
import { API_BASE } from '../env';
import { tokenStore, type TokenStore } from './tokens';

/** Client-side codes for failures that never reached the server. */
export const CLIENT_ERROR_MESSAGES = {
  NETWORK_OFFLINE: '网络不可用，请检查网络后重试',
  NETWORK_TIMEOUT: '网络超时，请重试',
  BAD_RESPONSE: '服务器返回了无法识别的内容，请稍后再试',
} as const;
export type ClientErrorCode = keyof typeof CLIENT_ERROR_MESSAGES;

/** Every failure of an API call: `message` is Chinese and meant to be shown as is. */
export class ApiError extends Error {
  readonly code: string;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly field: string | undefined;
  readonly requestId: string | undefined;

  constructor(code: string, message: string, status: number, field?: string, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.requestId = requestId;
  }

  get isNetwork(): boolean {
    return this.code === 'NETWORK_OFFLINE' || this.code === 'NETWORK_TIMEOUT';
  }
}

/** Codes after which the stored session is useless and the user must log in again. */
const SESSION_LOST_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
]);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RawResponse {
  statusCode: number;
  data: unknown;
  header?: Record<string, string>;
}

export interface RequestOptions {
  body?: unknown;
  /** Send the access token and take part in refresh; false for login endpoints. */
  auth?: boolean;
}

export interface ApiClientDeps {
  baseUrl: string;
  tokens: TokenStore;
  /** Defaults to Taro.request; resolved lazily so tests can swap Taro.request. */
  request?: (options: Taro.request.Option) => Promise<RawResponse>;
  /** Called once the session cannot be recovered (refresh refused): go to login. */
  onSessionLost?: (error: ApiError) => void;
  timeoutMs?: number;
}

function toNetworkError(err: unknown): ApiError {
  const e = (err ?? {}) as { errMsg?: string; message?: string; name?: string };
  const text = `${e.errMsg ?? ''} ${e.message ?? ''}`.toLowerCase();
  // weapp: "request:fail timeout"; H5: Taro aborts fetch on timeout -> AbortError.
  const timedOut = text.includes('timeout') || text.includes('timed out') || e.name === 'AbortError';
  const code: ClientErrorCode = timedOut ? 'NETWORK_TIMEOUT' : 'NETWORK_OFFLINE';
  return new ApiError(code, CLIENT_ERROR_MESSAGES[code], 0);
}

function toHttpError(res: RawResponse): ApiError {
  const body = (res.data && typeof res.data === 'object' ? res.data : {}) as Partial<ApiErrorBody>;
  const fallbackCode = res.statusCode >= 500 ? 'INTERNAL' : `HTTP_${res.statusCode}`;
  const code = typeof body.code === 'string' ? body.code : fallbackCode;
  const known = (ERROR_MESSAGES as Record<string, string>)[code];
  const message =
    typeof body.message === 'string' && body.message !== ''
      ? body.message
      : (known ?? (res.statusCode >= 500 ? ERROR_MESSAGES.INTERNAL : CLIENT_ERROR_MESSAGES.BAD_RESPONSE));
  return new ApiError(code, message, res.statusCode, body.field, body.requestId);
}

export function createApiClient(deps: ApiClientDeps) {
  const { baseUrl, tokens, timeoutMs = 15_000 } = deps;
  const send = deps.request ?? ((o: Taro.request.Option) => Taro.request(o) as Promise<RawResponse>);

  // Single flight: every request that hits TOKEN_EXPIRED while a refresh is running waits for
  // that same refresh. Refresh tokens rotate, so a second concurrent refresh with the old token
  // would be treated by the server as reuse and log the user out everywhere.
  let refreshing: Promise<void> | null = null;

  async function raw(method: Method, path: string, body: unknown, accessToken?: string): Promise<RawResponse> {
    // A body-less POST (mark read, cancel) must not claim a JSON body: the server refuses an empty
    // one as BAD_JSON.
    const header: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
    if (accessToken) header.Authorization = `Bearer ${accessToken}`;
    try {
      return await send({
        url: `${baseUrl}${path}`,
        method,
        data: body as Taro.request.Option['data'],
        header,
        timeout: timeoutMs,
        dataType: 'json',
      });
    } catch (err) {
      throw toNetworkError(err);
    }
  }

  function sessionLost(error: ApiError): never {
    tokens.clear();
    deps.onSessionLost?.(error);
    throw error;
  }

  async function doRefresh(): Promise<void> {
    const current = tokens.get();
    if (!current) sessionLost(new ApiError('UNAUTHENTICATED', ERROR_MESSAGES.UNAUTHENTICATED, 401));
    const res = await raw('POST', '/api/v1/auth/refresh', { refreshToken: current.refreshToken });
    if (res.statusCode >= 200 && res.statusCode < 300) {
      tokens.save(res.data as TokenPair);
      return;
    }
    const error = toHttpError(res);
    // Only a refusal ends the session; a 5xx or 429 leaves the tokens for the next try.
    if (res.statusCode === 400 || res.statusCode === 401 || res.statusCode === 403) sessionLost(error);
    throw error;
  }

  function refreshOnce(): Promise<void> {
    refreshing ??= doRefresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function call<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    let retried = false;
    for (;;) {
      if (auth && refreshing) await refreshing;
      const accessToken = auth ? tokens.get()?.accessToken : undefined;
      if (auth && !accessToken) sessionLost(new ApiError('UNAUTHENTICATED', ERROR_MESSAGES.UNAUTHENTICATED, 401));
      const res = await raw(method, path, options.body, accessToken);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return (res.statusCode === 204 ? undefined : res.data) as T;
      }
      const error = toHttpError(res);
      if (auth && res.statusCode === 401 && error.code === 'TOKEN_EXPIRED' && !retried) {
        retried = true;
        // Another request may already have rotated the tokens while this one was in flight.
        if (tokens.get()?.accessToken === accessToken) await refreshOnce();
        continue;
      }
      if (auth && res.statusCode === 401 && SESSION_LOST_CODES.has(error.code)) sessionLost(error);
      throw error;
    }
  }

  /** A call whose answer is a token pair (login, invitation): the pair becomes the session. */
  async function callForSession(path: string, body: unknown, auth = false): Promise<TokenPair> {
    const pair = await call<TokenPair>('POST', path, { body, auth });
    tokens.save(pair);
    return pair;
  }

  return {
    call,
    callForSession,
    /** The stored session, for logout (services/auth.ts). */
    tokens,
    /** The current access token, for downloads that cannot go through `call` (posters, CSV). */
    accessToken: () => tokens.get()?.accessToken,
    baseUrl,
    /** Exposed for tests and for a proactive refresh on app show. */
    refresh: refreshOnce,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

let sessionLostHandler: ((error: ApiError) => void) | undefined;

/** The session provider registers here to reset state and send the user to login. */
export function setSessionLostHandler(handler: ((error: ApiError) => void) | undefined): void {
  sessionLostHandler = handler;
}

export const api: ApiClient = createApiClient({
  baseUrl: API_BASE,
  tokens: tokenStore,
  onSessionLost: (error) => sessionLostHandler?.(error),
});
