export default definePageConfig({ navigationBarTitleText: '批量导入小区' });
