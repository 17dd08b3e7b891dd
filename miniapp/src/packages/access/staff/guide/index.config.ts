export default definePageConfig({ navigationBarTitleText: '楼栋指引' });
