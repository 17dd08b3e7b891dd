import path from 'node:path';
import { DEFAULT_DATABASE_POOL_SIZE, REPO_ROOT } from '../db/client.js';
import { PRIVACY_GUIDE_VERSION } from '@nuanxin/shared/privacy/constants';

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
  /** Connections in the PostgreSQL pool (ignored on PGlite, which has one). */
  databasePoolSize: number;
  /** A streaming standby for read-only work (db/replica.ts); unset: every read on the primary. */
  databaseReplicaUrl: string | undefined;
  /** After a caller's write, their reads stay on the primary this long (the standby may lag). */
  replicaReadAfterWriteMs: number;
  dataDir: string;
  logLevel: string;
  /** Human-readable log lines (pino-pretty) instead of JSON; default on for a development terminal. */
  logPretty: boolean;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A rotated refresh token presented again within this window lost a race (two tabs), not theft. */
  refreshReuseGraceSeconds: number;
  demoMode: boolean;
  wechat: { appId: string; appSecret: string; apiBase: string; timeoutMs: number };
  /** The official account's 网页授权 (H5 sign-in); `publicUrl` is where the H5 build is served. */
  wechatWeb: { appId: string; appSecret: string; authorizeUrl: string; publicUrl: string };
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
  };
  notifications: {
    /** WeChat subscribe-message template ids per kind; empty = inbox only for that kind. */
    templates: {
      report_accepted: string;
      report_rejected: string;
      report_fixed: string;
      /** Staff notices: a dispatch to a crew, an overdue report to the street's operators. */
      report_dispatched: string;
      report_overdue: string;
      pass_approved: string;
      pass_rejected: string;
      pass_revoked: string;
      pass_expiring: string;
      /** 活动 · 课程: the reminder before a session starts. */
      activity_reminder: string;
      /** 暖新公寓: the review's outcome (offered, waitlisted, declined), and move-in recorded. */
      housing_result: string;
      housing_moved_in: string;
      /** 法律援助: 受理 or 转介, an appointment set, the case closed. */
      legal_intake: string;
      legal_appointment: string;
      legal_closed: string;
    };
    /** How often server.ts's worker looks for due messages; 0 disables the worker. */
    intervalMs: number;
    maxAttempts: number;
    /** First retry delay; doubles per attempt, capped at one hour. */
    backoffMs: number;
    /** `formal` | `trial` | `developer`: which mini-program version a message opens. */
    miniprogramState: string;
  };
  /** How often server.ts's scheduler runs each periodic job, ms; 0 = that job does not run in-process. */
  jobs: {
    vouchersIntervalMs: number;
    pointsExpiryIntervalMs: number;
    accessPurgeIntervalMs: number;
    /** Making the access_events day partitions ahead. */
    accessPartitionsIntervalMs: number;
    reportsAutoCloseIntervalMs: number;
    reportsOverdueIntervalMs: number;
    /** 法律援助: alerts of cases past their accept or close deadline. */
    legalOverdueIntervalMs: number;
    passExpiryNoticesIntervalMs: number;
    reportsCityIntervalMs: number;
    privacyRetentionIntervalMs: number;
    tasksClaimExpiryIntervalMs: number;
    activityRemindersIntervalMs: number;
  };
  /** 活动 · 课程. */
  activities: {
    /** How long before each session its confirmed riders are reminded, minutes. */
    reminderLeadMinutes: number;
  };
  /** Keys allowed to POST /open311/v2/requests.json. */
  open311ApiKeys: string[];
  /** The one jurisdiction_id Open311 answers for (any other is refused), and the public base of its URLs. */
  open311JurisdictionId: string;
  open311PublicUrl: string;
  /** The city's 12345 Open311 endpoint that reports are forwarded to (reports/city/); url '' = off. */
  city: CityConfig;
  /** Largest uploaded file (multipart/form-data, e.g. a stations import), bytes. */
  uploadMaxBytes: number;
  /** Work time a boundary upload's geometry checks may take (in a worker) before 422 GEOMETRY_TOO_COMPLEX. */
  geometryTimeoutMs: number;
  access: AccessConfig;
  points: PointsConfig;
  privacy: PrivacyConfig;
  /** 数据看板 · 驿站覆盖: what "within a 15-minute ride" means, and the grid that measures area. */
  coverage: CoverageConfig;
}

/** A ride of `rideMinutes` at `speedKmh` along streets `detourFactor` times the straight line. */
export interface CoverageConfig {
  rideMinutes: number;
  speedKmh: number;
  detourFactor: number;
  /** Side of the grid cells that sample an area, metres (grown when the area needs more than maxCells). */
  cellM: number;
  maxCells: number;
}

/** PIPL: the guide's version and how long report photos and precise locations are kept. */
export interface PrivacyConfig {
  /** The version of the privacy guide people must have accepted (PRIVACY_GUIDE_VERSION). */
  guideVersion: string;
  /** Photos of finished (closed or rejected) reports are deleted this many days after upload. */
  reportPhotoRetentionDays: number;
  /** Report and access-event coordinates are coarsened to about 100 m after this many days. */
  preciseLocationRetentionDays: number;
}

/** 暖新码 access: signing keys, the QR URL prefix and the scan rules' numbers. */
export interface AccessConfig {
  /** https prefix of the gate QR URL (registered for WeChat 扫普通链接二维码打开小程序). */
  codeUrlPrefix: string;
  /** HMAC keys for gate codes by key id; only `gateKeyId` signs, every listed id verifies. */
  gateKeys: Record<string, string>;
  gateKeyId: string;
  /** Ed25519 seeds (32 bytes, hex) for the rider's rotating code, by key id. */
  riderKeys: Record<string, string>;
  riderKeyId: string;
  /** Key of the HMAC that stores ID numbers (never kept in clear). */
  idHashKey: string;
  /** A scan whose client time differs more than this from the server's is refused (replay). */
  maxScanSkewSeconds: number;
  /** A scan the app kept without network is recorded late (离线补录) up to this many hours old. */
  offlineScanHours: number;
  /** A repeat of the same rider at the same gate within this window is the same event. */
  dedupeSeconds: number;
  /** Scans per rider per minute. */
  scanRateLimitPerMinute: number;
  eventRetentionDays: number;
  /** access_events day partitions made ahead of today (Beijing days). */
  partitionDaysAhead: number;
  /** Longest wait of a smart gate's long-poll, seconds. */
  deviceWaitSeconds: number;
}

/** 转交12345: the city's Open311 GeoReport v2 endpoint and when reports go there. */
export interface CityConfig {
  /** Base URL of the city's GeoReport v2 API (…/v2, without trailing slash); '' = forwarding off. */
  url: string;
  apiKey: string;
  /** Sent as jurisdiction_id when set (multi-jurisdiction servers). */
  jurisdictionId: string;
  /** Our category code → the city's service_code; a category not listed is sent under its own code. */
  serviceCodes: Record<string, string>;
  /** A report still not accepted this many minutes after its accept deadline goes to the city. */
  forwardAfterMinutes: number;
  timeoutMs: number;
  maxAttempts: number;
  /** First retry delay; doubles per attempt, capped at one hour. */
  backoffMs: number;
  /** How often a forwarded request's status is polled. */
  pollIntervalMs: number;
}

export interface PointsConfig {
  /**
   * HMAC keys for vouchers by key id: `voucherKeyId` signs new QR payloads and derives new short
   * codes; every listed key still verifies the vouchers it issued, so a rotation keeps them valid.
   */
  voucherKeys: Record<string, string>;
  voucherKeyId: string;
  /** Riders are told this many hours before an unused voucher expires. */
  voucherExpiryNoticeHours: number;
  /** Points expire this many days after they were earned (oldest first). */
  expiryDays: number;
  /** Riders are told this many days before points expire. */
  expiryNoticeDays: number;
}

export { REPO_ROOT };

export const DEV_JWT_SECRET = 'nuanxin-dev-secret-change-me-in-production';
export const DEV_WECHAT_SECRET = 'dev-wechat-secret';
export const DEV_VOUCHER_KEY = 'nuanxin-dev-voucher-key-change-me-in-production';

export const DEV_GATE_KEY = 'nuanxin-dev-gate-key-change-me';
export const DEV_ID_HASH_KEY = 'nuanxin-dev-id-hash-key-change-me';
// Development Ed25519 seed (sha256 of "nuanxin-dev-rider-code-key"); production must set its own.
export const DEV_RIDER_KEY = '337d989f2ac083cfc9cdf510342213fa5aef8cac4761e6de235038628e46bbb7';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** A number in [min, max] (`integer`: a whole one), or the fallback when unset. */
function bounded(env: Env, name: string, fallback: number, min: number, max: number, integer: boolean): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(integer ? Number.isInteger(value) : Number.isFinite(value)) || value < min || value > max) {
    throw new ConfigError(
      `${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${raw}"`,
    );
  }
  return value;
}

const int = (env: Env, name: string, fallback: number, min: number, max: number) =>
  bounded(env, name, fallback, min, max, true);
const decimal = (env: Env, name: string, fallback: number, min: number, max: number) =>
  bounded(env, name, fallback, min, max, false);

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

/** "kid:secret,kid2:secret2" → { kid: secret, … }; the first id is the default signer. */
function keyring(env: Env, name: string, fallback: string, maxKidLength = 8): Record<string, string> {
  const raw = env[name]?.trim() || fallback;
  const keys: Record<string, string> = {};
  const kidPattern = new RegExp(`^[A-Za-z0-9]{1,${maxKidLength}}$`);
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    const kid = entry.slice(0, at);
    const secret = entry.slice(at + 1);
    if (at < 1 || !kidPattern.test(kid) || secret.length < 16) {
      throw new ConfigError(
        `${name} must be a comma list of kid:secret (kid 1-${maxKidLength} letters or digits, secret ≥ 16 characters)`,
      );
    }
    keys[kid] = secret;
  }
  return keys;
}

/**
 * A keyring plus the id that signs (`idName`, default: the first listed). Every listed key
 * verifies, only the signer signs: rotate by adding a key in front, retire by removing it.
 */
function signingKeyring(
  env: Env,
  names: { keys: string; id: string },
  fallback: string,
  maxKidLength?: number,
): { keys: Record<string, string>; keyId: string } {
  const keys = keyring(env, names.keys, fallback, maxKidLength);
  const keyId = env[names.id] || Object.keys(keys)[0]!;
  if (!keys[keyId]) throw new ConfigError(`${names.id} ${keyId} is not in ${names.keys}`);
  return { keys, keyId };
}

/**
 * Voucher keys: VOUCHER_SIGNING_KEYS ("k2:new,k1:old", the first signs) or the single-key form
 * VOUCHER_SIGNING_KEY (+ VOUCHER_KEY_ID, default k1) — the same keyring either way.
 */
function voucherKeyring(env: Env): { keys: Record<string, string>; keyId: string } {
  if (env.VOUCHER_SIGNING_KEYS?.trim() && env.VOUCHER_SIGNING_KEY?.trim()) {
    throw new ConfigError(
      'Set VOUCHER_SIGNING_KEYS or VOUCHER_SIGNING_KEY, not both (list the old key in VOUCHER_SIGNING_KEYS)',
    );
  }
  const single = env.VOUCHER_SIGNING_KEY?.trim();
  const legacyId = env.VOUCHER_KEY_ID || 'k1';
  if (!/^[A-Za-z0-9]{1,16}$/.test(legacyId)) throw new ConfigError('VOUCHER_KEY_ID must be 1-16 letters or digits');
  // The single key keeps its old rule (any length in development; production checks ≥ 32 below).
  if (single) return { keys: { [legacyId]: single }, keyId: legacyId };
  return signingKeyring(
    env,
    { keys: 'VOUCHER_SIGNING_KEYS', id: 'VOUCHER_KEY_ID' },
    `${legacyId}:${DEV_VOUCHER_KEY}`,
    16,
  );
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
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE, 1, 500),
    databaseReplicaUrl: (env.DATABASE_URL && env.DATABASE_REPLICA_URL) || undefined,
    replicaReadAfterWriteMs: int(env, 'REPLICA_READ_AFTER_WRITE_SECONDS', 5, 0, 3600) * 1000,
    dataDir: path.resolve(REPO_ROOT, env.DATA_DIR || 'data'),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    logPretty: bool(env, 'LOG_PRETTY', nodeEnv === 'development' && process.stdout.isTTY === true),
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL', 30 * 24 * 3600, 300, 365 * 24 * 3600),
    refreshReuseGraceSeconds: int(env, 'REFRESH_REUSE_GRACE', 10, 0, 300),
    demoMode: bool(env, 'DEMO_MODE', !production),
    wechat: {
      appId: env.WECHAT_APP_ID || 'wx-dev-appid',
      appSecret: env.WECHAT_APP_SECRET || DEV_WECHAT_SECRET,
      apiBase: (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, ''),
      timeoutMs: int(env, 'WECHAT_TIMEOUT_MS', 5000, 100, 60000),
    },
    // 网页授权 of the official account (公众号): how the H5 build signs in inside WeChat's browser.
    // Off unless both the AppID and the secret are set.
    wechatWeb: {
      appId: env.WECHAT_OA_APP_ID || '',
      appSecret: env.WECHAT_OA_APP_SECRET || '',
      authorizeUrl: env.WECHAT_OAUTH_AUTHORIZE_URL || 'https://open.weixin.qq.com/connect/oauth2/authorize',
      publicUrl: (env.PUBLIC_URL || '').replace(/\/+$/, ''),
    },
    corsOrigins: list(env, 'CORS_ORIGINS', production ? [] : ['http://localhost', 'http://127.0.0.1']),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 100000),
    invitationTtlHours: int(env, 'INVITATION_TTL_HOURS', 72, 1, 24 * 90),
    h5Dir: path.resolve(REPO_ROOT, env.H5_DIR || 'miniapp/dist/h5'),
    bodyLimitBytes: int(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    geometryTimeoutMs: int(env, 'GEOMETRY_TIMEOUT_MS', 5000, 1, 10 * 60 * 1000),
    access: accessConfig(env),
    points: pointsConfig(env),
    reports: {
      uploadDir: path.resolve(REPO_ROOT, env.UPLOAD_DIR || path.join(env.DATA_DIR || 'data', 'uploads')),
      photoMaxBytes: int(env, 'PHOTO_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      photoMaxPixels: int(env, 'PHOTO_MAX_PIXELS', 50_000_000, 10_000, 500_000_000),
    },
    notifications: {
      templates: {
        report_accepted: env.WECHAT_TEMPLATE_REPORT_ACCEPTED || '',
        report_rejected: env.WECHAT_TEMPLATE_REPORT_REJECTED || '',
        report_fixed: env.WECHAT_TEMPLATE_REPORT_FIXED || '',
        report_dispatched: env.WECHAT_TEMPLATE_REPORT_DISPATCHED || '',
        report_overdue: env.WECHAT_TEMPLATE_REPORT_OVERDUE || '',
        pass_approved: env.WECHAT_TEMPLATE_PASS_APPROVED || '',
        pass_rejected: env.WECHAT_TEMPLATE_PASS_REJECTED || '',
        pass_revoked: env.WECHAT_TEMPLATE_PASS_REVOKED || '',
        pass_expiring: env.WECHAT_TEMPLATE_PASS_EXPIRING || '',
        activity_reminder: env.WECHAT_TEMPLATE_ACTIVITY_REMINDER || '',
        housing_result: env.WECHAT_TEMPLATE_HOUSING_RESULT || '',
        housing_moved_in: env.WECHAT_TEMPLATE_HOUSING_MOVED_IN || '',
        legal_intake: env.WECHAT_TEMPLATE_LEGAL_INTAKE || '',
        legal_appointment: env.WECHAT_TEMPLATE_LEGAL_APPOINTMENT || '',
        legal_closed: env.WECHAT_TEMPLATE_LEGAL_CLOSED || '',
      },
      intervalMs: int(env, 'OUTBOX_INTERVAL_MS', 5000, 0, 3_600_000),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
      backoffMs: int(env, 'OUTBOX_BACKOFF_MS', 30_000, 1, 3_600_000),
      miniprogramState: env.WECHAT_MINIPROGRAM_STATE || (production ? 'formal' : 'developer'),
    },
    jobs: {
      vouchersIntervalMs: int(env, 'JOB_VOUCHERS_INTERVAL_MS', 5 * 60_000, 0, 86_400_000),
      pointsExpiryIntervalMs: int(env, 'JOB_POINTS_EXPIRY_INTERVAL_MS', 3600_000, 0, 86_400_000),
      accessPurgeIntervalMs: int(env, 'JOB_ACCESS_PURGE_INTERVAL_MS', 86_400_000, 0, 7 * 86_400_000),
      accessPartitionsIntervalMs: int(env, 'JOB_ACCESS_PARTITIONS_INTERVAL_MS', 3600_000, 0, 86_400_000),
      reportsAutoCloseIntervalMs: int(env, 'JOB_REPORTS_AUTO_CLOSE_INTERVAL_MS', 3600_000, 0, 7 * 86_400_000),
      reportsOverdueIntervalMs: int(env, 'JOB_REPORTS_OVERDUE_INTERVAL_MS', 60_000, 0, 86_400_000),
      legalOverdueIntervalMs: int(env, 'JOB_LEGAL_OVERDUE_INTERVAL_MS', 15 * 60_000, 0, 86_400_000),
      passExpiryNoticesIntervalMs: int(env, 'JOB_PASS_EXPIRY_NOTICES_INTERVAL_MS', 3600_000, 0, 7 * 86_400_000),
      reportsCityIntervalMs: int(env, 'JOB_REPORTS_CITY_INTERVAL_MS', 60_000, 0, 86_400_000),
      privacyRetentionIntervalMs: int(env, 'JOB_PRIVACY_RETENTION_INTERVAL_MS', 86_400_000, 0, 7 * 86_400_000),
      tasksClaimExpiryIntervalMs: int(env, 'JOB_TASKS_CLAIM_EXPIRY_INTERVAL_MS', 10 * 60_000, 0, 86_400_000),
      activityRemindersIntervalMs: int(env, 'JOB_ACTIVITY_REMINDERS_INTERVAL_MS', 5 * 60_000, 0, 86_400_000),
    },
    activities: {
      reminderLeadMinutes: int(env, 'ACTIVITY_REMINDER_LEAD_MINUTES', 120, 5, 7 * 24 * 60),
    },
    privacy: {
      guideVersion: env.PRIVACY_GUIDE_VERSION || PRIVACY_GUIDE_VERSION,
      reportPhotoRetentionDays: int(env, 'REPORT_PHOTO_RETENTION_DAYS', 365, 1, 3650),
      preciseLocationRetentionDays: int(env, 'PRECISE_LOCATION_RETENTION_DAYS', 90, 1, 3650),
    },
    coverage: {
      rideMinutes: decimal(env, 'COVERAGE_RIDE_MINUTES', 15, 1, 120),
      speedKmh: decimal(env, 'COVERAGE_SPEED_KMH', 15, 1, 60),
      detourFactor: decimal(env, 'COVERAGE_DETOUR_FACTOR', 1.3, 1, 3),
      cellM: int(env, 'COVERAGE_CELL_M', 200, 10, 2000),
      maxCells: int(env, 'COVERAGE_MAX_CELLS', 60_000, 100, 1_000_000),
    },
    open311ApiKeys: list(env, 'OPEN311_API_KEYS', production ? [] : ['dev-open311-key']),
    open311JurisdictionId: env.OPEN311_JURISDICTION_ID || 'nuanxin',
    open311PublicUrl: (env.OPEN311_PUBLIC_URL || '').replace(/\/+$/, ''),
    city: cityConfig(env),
  };

  if (production) {
    const problems: string[] = [];
    if (config.jwtSecret === DEV_JWT_SECRET || config.jwtSecret.length < 32) {
      problems.push('JWT_SECRET must be set to a random string of at least 32 characters');
    }
    if (config.wechat.appSecret === DEV_WECHAT_SECRET || !env.WECHAT_APP_ID) {
      problems.push('WECHAT_APP_ID and WECHAT_APP_SECRET must be set');
    }
    const voucherKeys = Object.values(config.points.voucherKeys);
    if (voucherKeys.some((key) => key === DEV_VOUCHER_KEY || key.length < 32)) {
      problems.push(
        'VOUCHER_SIGNING_KEYS (or VOUCHER_SIGNING_KEY) must be set; every key a random string of at least 32 characters',
      );
    }
    if (config.demoMode) problems.push('DEMO_MODE must be off in production');
    if (config.wechatWeb.appId && !/^https:\/\//.test(config.wechatWeb.publicUrl)) {
      problems.push('PUBLIC_URL must be the https address of the H5 build when WECHAT_OA_APP_ID is set');
    }
    const a = config.access;
    if (Object.values(a.gateKeys).includes(DEV_GATE_KEY))
      problems.push('ACCESS_GATE_KEYS must be set (not the development key)');
    if (Object.values(a.riderKeys).includes(DEV_RIDER_KEY))
      problems.push('ACCESS_RIDER_KEYS must be set (not the development key)');
    if (a.idHashKey === DEV_ID_HASH_KEY) problems.push('ACCESS_ID_HASH_KEY must be set (not the development key)');
    if (a.codeUrlPrefix.includes('.example/'))
      problems.push('ACCESS_CODE_URL_PREFIX must be set to the registered https prefix');
    if (problems.length > 0) {
      throw new ConfigError(`Refusing to start in production:\n- ${problems.join('\n- ')}`);
    }
  }
  return config;
}

function cityConfig(env: Env): CityConfig {
  const url = (env.CITY_OPEN311_URL || '').trim().replace(/\/+$/, '');
  if (url && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(url)) {
    throw new ConfigError(
      'CITY_OPEN311_URL must be an http(s) URL without query, e.g. https://12345.example.gov.cn/open311/v2',
    );
  }
  const apiKey = env.CITY_OPEN311_API_KEY || '';
  if (url && !apiKey) throw new ConfigError('CITY_OPEN311_API_KEY must be set when CITY_OPEN311_URL is');
  const serviceCodes: Record<string, string> = {};
  for (const entry of list(env, 'CITY_OPEN311_SERVICE_CODES', [])) {
    const at = entry.indexOf(':');
    const ours = entry.slice(0, at).trim();
    const theirs = entry.slice(at + 1).trim();
    if (at < 1 || !theirs)
      throw new ConfigError('CITY_OPEN311_SERVICE_CODES must be a comma list of category:service_code');
    serviceCodes[ours] = theirs;
  }
  return {
    url,
    apiKey,
    jurisdictionId: env.CITY_OPEN311_JURISDICTION_ID || '',
    serviceCodes,
    forwardAfterMinutes: int(env, 'CITY_OPEN311_FORWARD_AFTER_MINUTES', 60, 0, 30 * 24 * 60),
    timeoutMs: int(env, 'CITY_OPEN311_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: int(env, 'CITY_OPEN311_MAX_ATTEMPTS', 8, 1, 100),
    backoffMs: int(env, 'CITY_OPEN311_BACKOFF_MS', 60_000, 1, 3_600_000),
    pollIntervalMs: int(env, 'CITY_OPEN311_POLL_INTERVAL_MS', 15 * 60_000, 1000, 86_400_000),
  };
}

function pointsConfig(env: Env): PointsConfig {
  const vouchers = voucherKeyring(env);
  return {
    voucherKeys: vouchers.keys,
    voucherKeyId: vouchers.keyId,
    voucherExpiryNoticeHours: int(env, 'VOUCHER_EXPIRY_NOTICE_HOURS', 24, 1, 24 * 30),
    expiryDays: int(env, 'POINTS_EXPIRY_DAYS', 365, 1, 3650),
    expiryNoticeDays: int(env, 'POINTS_EXPIRY_NOTICE_DAYS', 30, 1, 365),
  };
}

function accessConfig(env: Env): AccessConfig {
  const gate = signingKeyring(env, { keys: 'ACCESS_GATE_KEYS', id: 'ACCESS_GATE_KEY_ID' }, `dev1:${DEV_GATE_KEY}`);
  const rider = signingKeyring(env, { keys: 'ACCESS_RIDER_KEYS', id: 'ACCESS_RIDER_KEY_ID' }, `dev1:${DEV_RIDER_KEY}`);
  const { keys: gateKeys, keyId: gateKeyId } = gate;
  const { keys: riderKeys, keyId: riderKeyId } = rider;
  for (const [kid, seed] of Object.entries(riderKeys)) {
    if (!/^[0-9a-f]{64}$/i.test(seed))
      throw new ConfigError(`ACCESS_RIDER_KEYS: key ${kid} must be 64 hex characters (an Ed25519 seed)`);
  }
  const codeUrlPrefix = (env.ACCESS_CODE_URL_PREFIX || 'https://nuanxin.example/q/gate').replace(/\/+$/, '');
  if (!/^https:\/\/[^/?#]+(\/[^?#]*)?$/.test(codeUrlPrefix)) {
    throw new ConfigError('ACCESS_CODE_URL_PREFIX must be an https URL without query (WeChat opens only https links)');
  }
  return {
    codeUrlPrefix,
    gateKeys,
    gateKeyId,
    riderKeys,
    riderKeyId,
    idHashKey: env.ACCESS_ID_HASH_KEY || DEV_ID_HASH_KEY,
    maxScanSkewSeconds: int(env, 'ACCESS_SCAN_SKEW_SECONDS', 300, 5, 86400),
    offlineScanHours: int(env, 'ACCESS_OFFLINE_SCAN_HOURS', 12, 1, 72),
    dedupeSeconds: int(env, 'ACCESS_DEDUPE_SECONDS', 5, 0, 300),
    scanRateLimitPerMinute: int(env, 'ACCESS_SCAN_RATE_LIMIT', 30, 1, 100000),
    eventRetentionDays: int(env, 'ACCESS_EVENT_RETENTION_DAYS', 180, 1, 3650),
    partitionDaysAhead: int(env, 'ACCESS_PARTITION_DAYS_AHEAD', 7, 1, 60),
    deviceWaitSeconds: int(env, 'ACCESS_DEVICE_WAIT_SECONDS', 25, 1, 120),
  };
}
