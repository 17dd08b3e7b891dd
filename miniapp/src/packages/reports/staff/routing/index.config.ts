export default definePageConfig({ navigationBarTitleText: '队伍与分派' });
