export default defineAppConfig({
  // First entry is the launch page; home sends anonymous users to login itself.
  pages: [
    'pages/home/index',
    'pages/stations/index',
    'pages/reports/index',
    'pages/me/index',
    'pages/login/index',
    'pages/access/index',
    'pages/points/index',
    'pages/staff/index',
    'pages/station-detail/index',
    'pages/access-code/index',
    'pages/staff-review/index',
    'pages/staff-gates/index',
    'pages/staff-log/index',
    'pages/staff-check/index',
    'pages/staff-guide/index',
    'pages/staff-riders/index',
    'pages/merchant/index',
    'pages/reports/mine/index',
    'pages/reports/detail/index',
    'pages/staff/reports/index',
    'pages/staff/report/index',
    'pages/staff/figures/index',
    'pages/staff/map/index',
    'pages/staff/categories/index',
    'pages/staff/streets/index',
    'pages/staff/routing/index',
    'pages/notifications/index',
    'pages/staff-points/index',
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#c2410c',
    navigationBarTitleText: '暖新',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f1ea',
  },
  // Text-only tab bar: no image assets to keep in sync; labels are what riders read.
  tabBar: {
    color: '#3f3f46',
    selectedColor: '#c2410c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页' },
      { pagePath: 'pages/stations/index', text: '驿站' },
      { pagePath: 'pages/reports/index', text: '随手拍' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
  // WeChat rejects getLocation/chooseLocation at review unless declared here.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': {
      desc: '用于查找离你最近的驿站、扫码进门时核对你在门岗附近，以及为随手拍上报记录问题位置',
    },
  },
  // Makes the privacy APIs (onNeedPrivacyAuthorization etc.) active on base libraries before 3.0.
  __usePrivacyCheck__: true,
});
