export default defineAppConfig({
  // Main package: the four tab pages (WeChat requires tab pages there) and login, nothing else.
  // First entry is the launch page; home sends anonymous users to login itself.
  pages: ['pages/home/index', 'pages/stations/index', 'pages/reports/index', 'pages/me/index', 'pages/login/index'],
  // One subpackage per job, downloaded the first time one of its pages opens. A job's staff pages
  // live in the job's own subpackage (packages/<job>/staff/<page>/index) rather than in one staff
  // subpackage: measured on the weapp build (see miniapp/README.md) the staff pages are 49 of the
  // access package's 89 KB, 47 of reports' 62 KB, 20 of points' 40 KB — a one-off download of tens
  // of KB for a rider — while a separate staff package would need the job's services
  // and components (services/access.ts, SuspensionNotice, Timeline, …) too — duplicated into it
  // or hoisted into the main package that every rider downloads first.
  subPackages: [
    {
      root: 'packages/access/',
      pages: [
        'index',
        'code/index',
        'staff/review/index',
        'staff/gates/index',
        'staff/log/index',
        'staff/check/index',
        'staff/guide/index',
        'staff/riders/index',
      ],
    },
    { root: 'packages/stations/', pages: ['detail/index', 'staff/manage/index'] },
    { root: 'packages/imports/', pages: ['staff/communities/index', 'staff/stations/index'] },
    {
      root: 'packages/reports/',
      pages: [
        'mine/index',
        'detail/index',
        'staff/queue/index',
        'staff/report/index',
        'staff/map/index',
        'staff/categories/index',
        'staff/streets/index',
        'staff/routing/index',
        'staff/crew/index',
      ],
    },
    {
      root: 'packages/points/',
      pages: [
        'index',
        'staff/merchant/index',
        'staff/rewards/index',
        'staff/statement/index',
        'staff/shop-rewards/index',
        'rules/index',
        'staff/rules-document/index',
      ],
    },
    {
      root: 'packages/housing/',
      pages: ['index', 'apartment/index', 'staff/review/index', 'staff/beds/index', 'staff/apartment/index'],
    },
    {
      root: 'packages/org/',
      pages: [
        'staff/streets/index',
        'staff/communities/index',
        'staff/community/index',
        'staff/agreements/index',
        'staff/shops/index',
      ],
    },
    {
      root: 'packages/legal/',
      pages: [
        'index',
        'new/index',
        'case/index',
        'staff/inbox/index',
        'staff/case/index',
        'staff/figures/index',
        'staff/calendar/index',
      ],
    },
    {
      root: 'packages/community/',
      pages: [
        'index/index',
        'activities/index',
        'activity/index',
        'mine/index',
        'checkin/index',
        'staff/activities/list/index',
        'staff/activities/edit/index',
        'staff/activities/roster/index',
        'staff/activities/code/index',
        'tasks/index',
        'tasks/detail/index',
        'tasks/mine/index',
        'suggestions/index',
        'suggestions/new/index',
        'suggestions/mine/index',
        'staff/tasks/index',
        'staff/tasks/detail/index',
        'staff/suggestions/index',
        'wishes/index',
        'wishes/new/index',
        'wishes/mine/index',
        'staff/wishes/index',
      ],
    },
    // 数据看板: street operators and district admins; the only package that loads Chart.js.
    { root: 'packages/dashboards/', pages: ['staff/board/index'] },
    // Not a job: the pages opened from 我的 and the staff 工作台 that links into every job.
    {
      root: 'packages/me/',
      pages: [
        'notifications/index',
        'workbench/index',
        'staff/invitations/index',
        'staff/audit/index',
        'privacy/index',
        'privacy/delete/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#c2410c',
    navigationBarTitleText: '暖新',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f1ea',
  },
  // Text-only tab bar: no image assets to keep in sync; labels are what riders read.
  // Icons: 81×81 PNGs drawn by scripts/render-icons.mjs (weapp takes PNG only, ≤ 40 KB).
  tabBar: {
    color: '#3f3f46',
    selectedColor: '#c2410c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/stations/index',
        text: '驿站',
        iconPath: 'assets/tabbar/stations.png',
        selectedIconPath: 'assets/tabbar/stations-active.png',
      },
      {
        pagePath: 'pages/reports/index',
        text: '随手拍',
        iconPath: 'assets/tabbar/reports.png',
        selectedIconPath: 'assets/tabbar/reports-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tabbar/me.png',
        selectedIconPath: 'assets/tabbar/me-active.png',
      },
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
