import type { UserConfigExport } from '@tarojs/cli';

export default {
  mini: {},
  h5: {
    // No source maps in the shipped H5 bundle: it is served publicly by the API server.
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>;
