import { ConfigError, DEV_JWT_SECRET, DEV_VOUCHER_KEY, loadConfig } from '../../../server/src/platform/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'k3J9x2Qm7Zp4Lw8Vt1Rb6Yc5Nd0Hf2Ga',
  WECHAT_APP_ID: 'wx1234567890abcdef',
  WECHAT_APP_SECRET: 'a-real-looking-wechat-app-secret',
  ACCESS_GATE_KEYS: 'g2026:Zx8Kq2Vm4Lp7Rt1Wn5Yb3Hc6',
  ACCESS_RIDER_KEYS: `r2026:${'7f'.repeat(32)}`,
  ACCESS_ID_HASH_KEY: 'id-hash-key-Qw3Er5Ty7Ui9Op1As',
  ACCESS_CODE_URL_PREFIX: 'https://nuanxin.cn/q/gate',
  VOUCHER_SIGNING_KEY: 'Vq8mZ2xK9pL4wT7nR1sB6yC3dF0hG5jJ',
};

describe('loadConfig', () => {
  it('works with nothing set: embedded PGlite, demo mode on, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demoMode: true,
      jwtSecret: DEV_JWT_SECRET,
      accessTokenTtlSeconds: 900,
      bodyLimitBytes: 1024 * 1024,
    });
    expect(config.dataDir).toMatch(/data$/);
    expect(config.corsOrigins).toEqual(['http://localhost', 'http://127.0.0.1']);
  });

  it('uses DATABASE_URL when set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/nuanxin' }).databaseUrl).toBe('postgres://u:p@db/nuanxin');
  });

  it('refuses production with the default secrets, naming JWT_SECRET and the WeChat settings', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WECHAT_APP_ID/);
  });

  it('refuses production with a short JWT_SECRET', () => {
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET/);
  });

  it('starts production with proper secrets and DEMO_MODE unset: demo mode off, no CORS origins', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.env).toBe('production');
    expect(config.demoMode).toBe(false);
    expect(config.corsOrigins).toEqual([]);
    expect(config.logLevel).toBe('info');
  });

  it('refuses production with the development access keys, naming each', () => {
    const {
      ACCESS_GATE_KEYS: _g,
      ACCESS_RIDER_KEYS: _r,
      ACCESS_ID_HASH_KEY: _i,
      ACCESS_CODE_URL_PREFIX: _u,
      ...rest
    } = PRODUCTION;
    const attempt = () => loadConfig(rest);
    expect(attempt).toThrow(/ACCESS_GATE_KEYS/);
    expect(attempt).toThrow(/ACCESS_RIDER_KEYS/);
    expect(attempt).toThrow(/ACCESS_ID_HASH_KEY/);
    expect(attempt).toThrow(/ACCESS_CODE_URL_PREFIX/);
  });

  it('refuses production with the development voucher signing key or a short one', () => {
    const { VOUCHER_SIGNING_KEY: _k, ...withoutKey } = PRODUCTION;
    expect(() => loadConfig(withoutKey)).toThrow(/VOUCHER_SIGNING_KEY/);
    expect(() => loadConfig({ ...PRODUCTION, VOUCHER_SIGNING_KEY: 'short' })).toThrow(/VOUCHER_SIGNING_KEY/);
  });

  it('refuses DEMO_MODE=true in production', () => {
    expect(() => loadConfig({ ...PRODUCTION, DEMO_MODE: 'true' })).toThrow(/DEMO_MODE/);
  });

  it.each(['abc', '70000', '-1', '3000.5'])('refuses PORT=%j with a ConfigError', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT/);
  });

  it.each([
    ['DEMO_MODE', 'maybe'],
    ['NODE_ENV', 'staging'],
    ['ACCESS_TOKEN_TTL', '5'],
    ['BODY_LIMIT', '10'],
  ])('refuses %s=%j with a ConfigError', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });

  it.each([
    ['yes', true],
    ['ON', true],
    ['0', false],
    ['false', false],
  ])('reads DEMO_MODE=%j as %s', (value, expected) => {
    expect(loadConfig({ DEMO_MODE: value }).demoMode).toBe(expected);
  });

  it('reads CORS_ORIGINS as a trimmed list', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , https://b.example,' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  describe('voucher keys', () => {
    const OLD = 'old-voucher-key-Vq8mZ2xK9pL4wT7nR1sB6yC3';
    const NEW = 'new-voucher-key-Zx8Kq2Vm4Lp7Rt1Wn5Yb3Hc6';
    const pointsWith = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).points;

    it('reads VOUCHER_SIGNING_KEYS (first signs) and still the single VOUCHER_SIGNING_KEY / VOUCHER_KEY_ID', () => {
      expect(pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}` })).toMatchObject({
        voucherKeyId: 'k2',
        voucherKeys: { k2: NEW, k1: OLD },
      });
      expect(pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}`, VOUCHER_KEY_ID: 'k1' }).voucherKeyId).toBe('k1');
      expect(pointsWith({ VOUCHER_SIGNING_KEY: OLD, VOUCHER_KEY_ID: 'v2026' })).toMatchObject({
        voucherKeyId: 'v2026',
        voucherKeys: { v2026: OLD },
      });
      expect(pointsWith({})).toMatchObject({ voucherKeyId: 'k1', voucherKeys: { k1: DEV_VOUCHER_KEY } });
      expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}`, VOUCHER_KEY_ID: 'k9' })).toThrow(
        /VOUCHER_KEY_ID k9/,
      );
      expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: 'k2:short' })).toThrow(/VOUCHER_SIGNING_KEYS/);
      expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: `k-2:${NEW}` })).toThrow(ConfigError);
      expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}`, VOUCHER_SIGNING_KEY: OLD })).toThrow(/not both/);
    });

    it('production refuses the development key or a short key anywhere in the ring', () => {
      const { VOUCHER_SIGNING_KEY: _single, ...production } = PRODUCTION;
      expect(loadConfig({ ...production, VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}` }).points.voucherKeyId).toBe('k2');
      expect(() => loadConfig(production)).toThrow(/VOUCHER_SIGNING_KEYS/);
      expect(() => loadConfig({ ...production, VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${DEV_VOUCHER_KEY}` })).toThrow(
        /VOUCHER_SIGNING_KEYS/,
      );
      expect(() => loadConfig({ ...production, VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:sixteen-chars-ok` })).toThrow(
        /at least 32/,
      );
    });
  });
});
