// Test double for @tarojs/taro: in-memory storage, recorded navigation, and a `request` that tests
// program through support/fake-server.ts. Only what the app uses is here.

type Callback = () => unknown;

const storage = new Map<string, unknown>();
// Real storage serialises; so does the double, so no test can rely on object identity.
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
let pages: { route: string }[] = [];

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
  showModal: jest.fn(async () => ({ confirm: true, cancel: false })),
  showToast: jest.fn(async () => ({})),
  getCurrentPages: () => pages,
  getLocation: jest.fn(),
};

export function resetTaro(): void {
  storage.clear();
  pages = [];
  for (const value of Object.values(Taro)) {
    if (jest.isMockFunction(value)) value.mockClear();
  }
  Taro.request.mockReset();
}

export function setCurrentPages(routes: string[]): void {
  pages = routes.map((route) => ({ route }));
}

export const useLaunch = (fn: Callback) => fn();
export const useDidShow = (_fn: Callback) => undefined;

export default Taro;
