// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// No core-js on either target: WeChat's base library and the modern browsers we target
// (package.json browserslist) have what we use, and core-js's global lookup falls back to
// `Function('return this')`, which our no-eval bundle check rejects.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', useBuiltIns: false }]],
};
