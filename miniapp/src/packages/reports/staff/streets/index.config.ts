export default definePageConfig({ navigationBarTitleText: '街道边界与分派' });
