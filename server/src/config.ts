import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one place that reads `process.env`. Everything else receives a `Config`.
 * Defaults make `pnpm start` work with nothing set; production refuses the dev secrets.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Unset: embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Human-readable log lines (pino-pretty) instead of JSON; default on for a development terminal. */
  logPretty: boolean;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  demoMode: boolean;
  wechat: { appId: string; appSecret: string; apiBase: string; timeoutMs: number };
  /** Origins allowed to call the API with credentials. `*localhost*` entries match any port. */
  corsOrigins: string[];
  trustProxy: boolean;
  loginRateLimitPerMinute: number;
  invitationTtlHours: number;
  /** Folder of the built H5 app, served at `/` when present. */
  h5Dir: string;
  bodyLimitBytes: number;
  /** 随手拍: photo storage, limits, points and the notification outbox. */
  reports: {
    /** Local folder of processed photos (the LocalPhotoStorage; object storage is the scale-out path). */
    uploadDir: string;
    /** Largest photo file accepted, bytes. */
    photoMaxBytes: number;
    /** Largest decoded image, pixels: refuses decompression bombs before decoding. */
    photoMaxPixels: number;
    /** Points an accepted report earns (carried on the report.accepted event). */
    pointsPerReport: number;
  };
  notifications: {
    /** WeChat subscribe-message template ids per kind; empty = inbox only for that kind. */
    templates: { report_accepted: string; report_rejected: string; report_fixed: string };
    /** How often server.ts's worker looks for due messages; 0 disables the worker. */
    intervalMs: number;
    maxAttempts: number;
    /** First retry delay; doubles per attempt, capped at one hour. */
    backoffMs: number;
    /** `formal` | `trial` | `developer`: which mini-program version a message opens. */
    miniprogramState: string;
  };
  /** Keys allowed to POST /open311/v2/requests.json. */
  open311ApiKeys: string[];
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEV_JWT_SECRET = 'nuanxin-dev-secret-change-me-in-production';
export const DEV_WECHAT_SECRET = 'dev-wechat-secret';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function list(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const production = nodeEnv === 'production';
  const config: Config = {
    env: nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(REPO_ROOT, env.DATA_DIR || 'data'),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    logPretty: bool(env, 'LOG_PRETTY', nodeEnv === 'development' && process.stdout.isTTY === true),
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL', 30 * 24 * 3600, 300, 365 * 24 * 3600),
    demoMode: bool(env, 'DEMO_MODE', !production),
    wechat: {
      appId: env.WECHAT_APP_ID || 'wx-dev-appid',
      appSecret: env.WECHAT_APP_SECRET || DEV_WECHAT_SECRET,
      apiBase: (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, ''),
      timeoutMs: int(env, 'WECHAT_TIMEOUT_MS', 5000, 100, 60000),
    },
    corsOrigins: list(env, 'CORS_ORIGINS', production ? [] : ['http://localhost', 'http://127.0.0.1']),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 100000),
    invitationTtlHours: int(env, 'INVITATION_TTL_HOURS', 72, 1, 24 * 90),
    h5Dir: path.resolve(REPO_ROOT, env.H5_DIR || 'miniapp/dist/h5'),
    bodyLimitBytes: int(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    reports: {
      uploadDir: path.resolve(REPO_ROOT, env.UPLOAD_DIR || path.join(env.DATA_DIR || 'data', 'uploads')),
      photoMaxBytes: int(env, 'PHOTO_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      photoMaxPixels: int(env, 'PHOTO_MAX_PIXELS', 50_000_000, 10_000, 500_000_000),
      pointsPerReport: int(env, 'POINTS_PER_REPORT', 2, 0, 1000),
    },
    notifications: {
      templates: {
        report_accepted: env.WECHAT_TEMPLATE_REPORT_ACCEPTED || '',
        report_rejected: env.WECHAT_TEMPLATE_REPORT_REJECTED || '',
        report_fixed: env.WECHAT_TEMPLATE_REPORT_FIXED || '',
      },
      intervalMs: int(env, 'OUTBOX_INTERVAL_MS', 5000, 0, 3_600_000),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
      backoffMs: int(env, 'OUTBOX_BACKOFF_MS', 30_000, 1, 3_600_000),
      miniprogramState: env.WECHAT_MINIPROGRAM_STATE || (production ? 'formal' : 'developer'),
    },
    open311ApiKeys: list(env, 'OPEN311_API_KEYS', production ? [] : ['dev-open311-key']),
  };

  if (production) {
    const problems: string[] = [];
    if (config.jwtSecret === DEV_JWT_SECRET || config.jwtSecret.length < 32) {
      problems.push('JWT_SECRET must be set to a random string of at least 32 characters');
    }
    if (config.wechat.appSecret === DEV_WECHAT_SECRET || !env.WECHAT_APP_ID) {
      problems.push('WECHAT_APP_ID and WECHAT_APP_SECRET must be set');
    }
    if (config.demoMode) problems.push('DEMO_MODE must be off in production');
    if (problems.length > 0) {
      throw new ConfigError(`Refusing to start in production:\n- ${problems.join('\n- ')}`);
    }
  }
  return config;
}
