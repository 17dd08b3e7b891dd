export default definePageConfig({ navigationBarTitleText: '公寓信息' });
