export default definePageConfig({ navigationBarTitleText: '共建协议' });
