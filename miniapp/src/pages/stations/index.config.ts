export default definePageConfig({
  navigationBarTitleText: '附近驿站',
  // Pull down to re-locate and reload (there is also a 刷新 button for one-handed use).
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
