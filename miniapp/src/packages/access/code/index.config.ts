export default definePageConfig({ navigationBarTitleText: '我的暖新码', pageOrientation: 'portrait' });
