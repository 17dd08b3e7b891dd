export default definePageConfig({ navigationBarTitleText: '房间与床位' });
