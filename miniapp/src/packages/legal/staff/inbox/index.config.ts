export default definePageConfig({ navigationBarTitleText: '调解中心案件' });
