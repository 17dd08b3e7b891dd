export default definePageConfig({ navigationBarTitleText: '公寓详情' });
