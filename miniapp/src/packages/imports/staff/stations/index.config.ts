export default definePageConfig({ navigationBarTitleText: '批量上传驿站' });
