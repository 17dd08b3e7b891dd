export default definePageConfig({ navigationBarTitleText: '床位申请' });
