export default definePageConfig({ navigationBarTitleText: '奖励与积分规则' });
