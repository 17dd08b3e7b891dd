export default definePageConfig({ navigationBarTitleText: '骑思妙想收件箱' });
