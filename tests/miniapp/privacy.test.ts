/* eslint-disable @typescript-eslint/no-require-imports -- jest.isolateModules needs a synchronous require. */
// The privacy and location modules read the platform at import, so each test loads a fresh copy as weapp or h5.
type PrivacyModule = typeof import('../../miniapp/src/services/privacy');
type LocationModule = typeof import('../../miniapp/src/services/location');
type Resolve = (o: { event: string; buttonId?: string }) => void;

function load(platform: 'weapp' | 'h5') {
  const previous = process.env.TARO_ENV;
  process.env.TARO_ENV = platform;
  let privacy!: PrivacyModule;
  let location!: LocationModule;
  let taro!: Record<string, unknown>;
  jest.isolateModules(() => {
    taro = require('@tarojs/taro').default;
    privacy = require('../../miniapp/src/services/privacy');
    location = require('../../miniapp/src/services/location');
  });
  process.env.TARO_ENV = previous;
  let need: ((resolve: Resolve) => void) | undefined;
  taro.onNeedPrivacyAuthorization = jest.fn((cb: (resolve: Resolve) => void) => (need = cb));
  taro.requirePrivacyAuthorize = jest.fn();
  return { privacy, location, taro, fire: (resolve: Resolve) => need!(resolve) };
}

describe('privacy authorisation', () => {
  test('on weapp the popup opens on demand and agreeing resolves WeChat with the agree button id', () => {
    const { privacy, fire } = load('weapp');
    privacy.installPrivacyHandler();
    const states: boolean[] = [];
    const unsubscribe = privacy.subscribePrivacyPrompt((open) => states.push(open));
    const resolve = jest.fn();

    fire(resolve);
    expect(states).toEqual([true]);
    privacy.reportPrivacyPromptShown();
    privacy.answerPrivacyPrompt(true);

    expect(resolve).toHaveBeenNthCalledWith(1, { event: 'exposureAuthorization' });
    expect(resolve).toHaveBeenNthCalledWith(2, { event: 'agree', buttonId: privacy.PRIVACY_AGREE_BUTTON_ID });
    expect(states).toEqual([true, false]);
    unsubscribe();
  });

  test('on weapp a page without the popup refuses at once instead of hanging the API call', () => {
    const { privacy, fire } = load('weapp');
    privacy.installPrivacyHandler();
    const resolve = jest.fn();
    fire(resolve);
    expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
  });

  test('on weapp a refused authorisation rejects with a Chinese explanation', async () => {
    const { privacy, taro } = load('weapp');
    (taro.requirePrivacyAuthorize as jest.Mock).mockImplementation((o: { fail: () => void }) => o.fail());
    await expect(privacy.ensurePrivacyAuthorized()).rejects.toMatchObject({
      code: 'PRIVACY_DENIED',
      message: expect.stringContaining('隐私保护指引'),
    });
  });

  test('on H5 nothing is registered or required', async () => {
    const { privacy, taro } = load('h5');
    privacy.installPrivacyHandler();
    await expect(privacy.ensurePrivacyAuthorized()).resolves.toBeUndefined();
    expect(taro.onNeedPrivacyAuthorization).not.toHaveBeenCalled();
    expect(taro.requirePrivacyAuthorize).not.toHaveBeenCalled();
  });
});

describe('getLocation', () => {
  const fix = { latitude: 39.99, longitude: 116.47, accuracy: 30 };

  test('on weapp asks for consent first, then GCJ-02 (the system of Chinese maps)', async () => {
    const { location, taro } = load('weapp');
    const order: string[] = [];
    (taro.requirePrivacyAuthorize as jest.Mock).mockImplementation((o: { success: () => void }) => {
      order.push('privacy');
      o.success();
    });
    (taro.getLocation as jest.Mock).mockImplementation(async () => {
      order.push('location');
      return fix;
    });
    await expect(location.getLocation()).resolves.toEqual({ ...fix, coordSystem: 'gcj02' });
    expect(order).toEqual(['privacy', 'location']);
    expect((taro.getLocation as jest.Mock).mock.calls[0][0]).toMatchObject({ type: 'gcj02' });
  });

  test('on H5 asks the browser for WGS-84', async () => {
    const { location, taro } = load('h5');
    (taro.getLocation as jest.Mock).mockResolvedValue(fix);
    await expect(location.getLocation()).resolves.toEqual({ ...fix, coordSystem: 'wgs84' });
    expect((taro.getLocation as jest.Mock).mock.calls[0][0]).toMatchObject({ type: 'wgs84' });
  });

  test('a denied permission is explained in Chinese', async () => {
    const { location, taro } = load('h5');
    (taro.getLocation as jest.Mock).mockRejectedValue({ errMsg: 'getLocation:fail auth deny' });
    await expect(location.getLocation()).rejects.toMatchObject({
      code: 'LOCATION_DENIED',
      message: '没有定位权限，请在设置中允许暖新使用你的位置',
    });
  });
});
