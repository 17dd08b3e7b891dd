export default definePageConfig({ navigationBarTitleText: '查验骑手码' });
