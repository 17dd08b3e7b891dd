export default definePageConfig({ navigationBarTitleText: '骑手通行管理' });
