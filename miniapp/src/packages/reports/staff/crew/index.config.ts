export default definePageConfig({ navigationBarTitleText: '我的处置任务', enablePullDownRefresh: false });
