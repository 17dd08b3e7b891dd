// The only module that reads build-time environment (see STYLE: config read from one module).
// Taro replaces these `process.env.*` expressions with literals at build time.

export const PLATFORM = process.env.TARO_ENV;
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';
export const IS_H5 = process.env.TARO_ENV === 'h5';

/** '' on H5 = same origin as the page; the weapp build gets an absolute HTTPS base. */
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? '';
