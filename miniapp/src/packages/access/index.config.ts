export default definePageConfig({ navigationBarTitleText: '暖新码' });
