// Test double for @tarojs/taro: in-memory storage, recorded navigation, and a `request` that tests
// program through support/fake-server.ts. Only what the app uses is here.

type Callback = () => unknown;

const storage = new Map<string, unknown>();
// Real storage serialises; so does the double, so no test can rely on object identity.
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
let pages: { route: string }[] = [];
let routerParams: Record<string, string> = {};

const Taro = {
  request: jest.fn<Promise<unknown>, [unknown]>(),
  login: jest.fn(async () => ({ code: 'wx-code-1', errMsg: 'login:ok' })),
  getStorageSync: (key: string) => (storage.has(key) ? clone(storage.get(key)) : ''),
  setStorageSync: (key: string, value: unknown) => {
    storage.set(key, clone(value));
  },
  removeStorageSync: (key: string) => {
    storage.delete(key);
  },
  reLaunch: jest.fn(async (_o: { url: string }) => ({ errMsg: 'reLaunch:ok' })),
  navigateTo: jest.fn(async (_o: { url: string }) => ({ errMsg: 'navigateTo:ok' })),
  switchTab: jest.fn(async (_o: { url: string }) => ({ errMsg: 'switchTab:ok' })),
  navigateBack: jest.fn(async () => ({ errMsg: 'navigateBack:ok' })),
  showModal: jest.fn(async () => ({ confirm: true, cancel: false })),
  showToast: jest.fn(async () => ({})),
  getCurrentPages: () => pages,
  getCurrentInstance: () => ({ router: { params: routerParams, path: '' } }),
  getLocation: jest.fn(),
  getSetting: jest.fn(async () => ({ authSetting: {} as Record<string, boolean> })),
  openSetting: jest.fn(async () => ({ authSetting: {} as Record<string, boolean> })),
  stopPullDownRefresh: jest.fn(async () => ({})),
  openLocation: jest.fn(async (_o: Record<string, unknown>) => ({ errMsg: 'openLocation:ok' })),
  setClipboardData: jest.fn(async (_o: { data: string }) => ({ errMsg: 'setClipboardData:ok' })),
  makePhoneCall: jest.fn(async (_o: { phoneNumber: string }) => ({ errMsg: 'makePhoneCall:ok' })),
  previewImage: jest.fn(async () => ({})),
  createMapContext: jest.fn(() => ({ getRegion: jest.fn(async () => ({})) })),
};

export function resetTaro(): void {
  storage.clear();
  pages = [];
  routerParams = {};
  for (const value of Object.values(Taro)) {
    if (jest.isMockFunction(value)) value.mockClear();
  }
  Taro.request.mockReset();
}

export function setCurrentPages(routes: string[]): void {
  pages = routes.map((route) => ({ route }));
}

/** The query of the page under test, as useRouter().params returns it. */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = { ...params };
}

export const useLaunch = (fn: Callback) => fn();
export const useDidShow = (_fn: Callback) => undefined;
export const usePullDownRefresh = (_fn: Callback) => undefined;
export const useReachBottom = (_fn: Callback) => undefined;
export const useRouter = () => ({ params: routerParams, path: '' });

export default Taro;
