import type { Compiler } from 'webpack';

/**
 * webpack's `__webpack_require__.g` runtime falls back to `new Function('return this')()` to find
 * the global object. WeChat forbids `new Function`/`eval` (and scripts/check-weapp.mjs rejects any
 * bundle containing it), so replace that runtime module with a lookup that never evaluates code.
 */
export class NoEvalGlobalPlugin {
  apply(compiler: Compiler): void {
    const { RuntimeGlobals } = compiler.webpack;
    compiler.hooks.compilation.tap('NoEvalGlobalPlugin', (compilation) => {
      compilation.hooks.runtimeModule.tap('NoEvalGlobalPlugin', (module) => {
        if (module.name !== 'global') return;
        module.generate = () =>
          [
            `${RuntimeGlobals.global} = (function () {`,
            "  if (typeof globalThis === 'object') return globalThis;",
            "  if (typeof self === 'object') return self;",
            "  if (typeof window === 'object') return window;",
            "  if (typeof global === 'object') return global;",
            '  return {};',
            '})();',
          ].join('\n');
      });
    });
  }
}
