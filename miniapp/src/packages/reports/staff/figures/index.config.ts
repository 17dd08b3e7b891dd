export default definePageConfig({ navigationBarTitleText: '辖区数据' });
