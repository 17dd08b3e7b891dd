import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../../server/src/config.js';

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
    const { ACCESS_GATE_KEYS: _g, ACCESS_RIDER_KEYS: _r, ACCESS_ID_HASH_KEY: _i, ACCESS_CODE_URL_PREFIX: _u, ...rest } = PRODUCTION;
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
});
