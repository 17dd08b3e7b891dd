export default definePageConfig({ navigationBarTitleText: '门岗与暖新码' });
