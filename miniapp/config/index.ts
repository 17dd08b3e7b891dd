import { realpathSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import { NoEvalGlobalPlugin } from './no-eval-global-plugin';
import prodConfig from './prod';

// Taro compiles only the app's own sources unless told otherwise; the workspace package
// @nuanxin/shared ships TypeScript, so its *real* path (pnpm links it) must be included for both
// targets or webpack will choke on the `.ts` files it imports.
const sharedSrc = realpathSync(path.resolve(__dirname, '../../shared/src'));

// Chosen at build time: H5 is served by the API server itself (same origin), the mini-program
// must call a fixed HTTPS domain registered in the WeChat console.
const platform = process.env.TARO_ENV ?? 'weapp';
/**
 * The subscribe-message templates the app may ask for (`TARO_APP_TPL_<name>`, the same ids as the
 * server's `WECHAT_TEMPLATE_<name>`). Each one read in src/env.ts must be here: an undefined one
 * stays `process.env.…` in the bundle and stops the app on load (tests/miniapp/env-defined checks).
 */
const SUBSCRIBE_TEMPLATES = [
  'REPORT_ACCEPTED',
  'REPORT_REJECTED',
  'REPORT_FIXED',
  'REPORT_DISPATCHED',
  'REPORT_OVERDUE',
  'PASS_APPROVED',
  'PASS_REJECTED',
  'PASS_REVOKED',
  'PASS_EXPIRING',
  'ACTIVITY_REMINDER',
  'HOUSING_RESULT',
  'HOUSING_MOVED_IN',
  'LEGAL_INTAKE',
  'LEGAL_APPOINTMENT',
  'LEGAL_CLOSED',
] as const;
const apiBase = process.env.TARO_APP_API_BASE ?? (platform === 'h5' ? '' : 'https://api.nuanxin.example');

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'nuanxin',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {
      // Defined explicitly so the bundle never references `process` at run time (weapp has none).
      'process.env.TARO_APP_API_BASE': JSON.stringify(apiBase),
      // Subscribe-message template ids (订阅消息); empty = the app does not ask.
      ...Object.fromEntries(
        SUBSCRIBE_TEMPLATES.map((name) => [
          `process.env.TARO_APP_TPL_${name}`,
          JSON.stringify(process.env[`TARO_APP_TPL_${name}`] ?? ''),
        ]),
      ),
      // H5 map tiles (a GCJ-02 tile source, `{z}/{x}/{y}` template); empty = our own data only.
      'process.env.TARO_APP_TILE_URL': JSON.stringify(process.env.TARO_APP_TILE_URL ?? ''),
      'process.env.TARO_APP_TILE_ATTRIBUTION': JSON.stringify(process.env.TARO_APP_TILE_ATTRIBUTION ?? ''),
    },
    // The map marker must be a file in the package: WeChat's <map> does not take data: URLs.
    copy: {
      patterns:
        platform === 'weapp'
          ? [{ from: 'src/assets/station-marker.png', to: 'dist/weapp/assets/station-marker.png' }]
          : // The browser asks for /favicon.ico on every page.
            [{ from: 'src/assets/favicon.ico', to: 'dist/h5/favicon.ico' }],
      options: {},
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      webpackChain(chain) {
        chain.plugin('no-eval-global').use(NoEvalGlobalPlugin);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      compile: { include: [sharedSrc] },
      webpackChain(chain) {
        chain.plugin('no-eval-global').use(NoEvalGlobalPlugin);
      },
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routing: the API server serves dist/h5 as static files and needs no rewrite rules.
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
