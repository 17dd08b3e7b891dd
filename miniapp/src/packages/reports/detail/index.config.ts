export default definePageConfig({ navigationBarTitleText: '上报进度' });
