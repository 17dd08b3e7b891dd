export default definePageConfig({ navigationBarTitleText: '任务与认领' });
