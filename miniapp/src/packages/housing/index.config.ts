export default definePageConfig({ navigationBarTitleText: '暖新公寓' });
