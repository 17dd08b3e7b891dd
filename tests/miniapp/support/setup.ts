// Taro replaces these at build time; the app reads them once at import (src/env.ts).
process.env.TARO_ENV = process.env.TARO_ENV ?? 'h5';
process.env.TARO_APP_API_BASE = '';
