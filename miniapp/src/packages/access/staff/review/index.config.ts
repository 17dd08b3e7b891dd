export default definePageConfig({ navigationBarTitleText: '骑手申请审核' });
