export default definePageConfig({ navigationBarTitleText: '活动 · 课程', enablePullDownRefresh: true });
