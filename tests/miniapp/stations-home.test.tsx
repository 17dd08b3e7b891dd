import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import HomePage from '../../miniapp/src/pages/home/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { forgetRiderPosition } from '../../miniapp/src/services/stations';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, makeStation, signIn } from './support/factories';
import { resetTaro } from './support/taro';

const NEAREST = 'GET /api/v1/stations/nearest';
const getLocation = Taro.getLocation as jest.Mock;

function grantGeolocation(state: 'granted' | 'prompt') {
  Object.defineProperty(navigator, 'permissions', {
    configurable: true,
    value: { query: jest.fn(async () => ({ state })) },
  });
}

async function renderHome(route: Route) {
  signIn(makeMe());
  const server = fakeServer({ 'GET /api/v1/me': () => ({ status: 200, body: makeMe() }), [NEAREST]: route });
  const view = render(
    <SessionProvider>
      <HomePage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  await act(async () => undefined);
  return { server, ...view };
}

beforeEach(() => {
  resetTaro();
  forgetRiderPosition();
  getLocation.mockReset();
  getLocation.mockResolvedValue({ latitude: 39.92226, longitude: 116.45899, accuracy: 20 });
});

afterEach(() => {
  delete (navigator as { permissions?: unknown }).permissions;
});

describe('home: 最近的全时驿站', () => {
  test('location already allowed: name, distance and 营业中 under the tiles; tapping opens the detail', async () => {
    grantGeolocation('granted');
    const station = makeStation({ distanceM: 1234 });
    const { server, container } = await renderHome(() => ({ status: 200, body: { item: station } }));
    const call = server.calls.find((c) => c.path === '/api/v1/stations/nearest')!;
    expect(call.query).toEqual({ lat: ['39.92226'], lng: ['116.45899'], coord: ['wgs84'] });
    const row = container.querySelector('.nx-nearest__row')!;
    expect(row.getAttribute('data-station-id')).toBe(station.id);
    expect(row.querySelector('.nx-nearest__name')?.textContent).toBe('金台里全时驿站');
    expect(row.querySelector('.nx-nearest__distance')?.textContent).toBe('1.2 公里');
    expect(row.querySelector('.nx-badge--open')?.textContent).toBe('营业中');
    fireEvent.click(row);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/stations/detail/index?id=${station.id}&d=1234` });
  });

  test('location not yet allowed: a clear hint and a button; nothing is located until it is tapped', async () => {
    grantGeolocation('prompt');
    const { server, container } = await renderHome(() => ({ status: 200, body: { item: makeStation() } }));
    expect(screen.getByText('需要使用你的位置，才能找到离你最近的全时驿站。')).toBeTruthy();
    expect(getLocation).not.toHaveBeenCalled();
    expect(server.calls.some((c) => c.path === '/api/v1/stations/nearest')).toBe(false);
    fireEvent.click(screen.getByText('允许使用位置'));
    await act(async () => undefined);
    expect(getLocation).toHaveBeenCalledTimes(1);
    expect(container.querySelector('.nx-nearest__name')?.textContent).toBe('金台里全时驿站');
  });

  test('none within 50 km: says so and links to the full list', async () => {
    grantGeolocation('granted');
    await renderHome(() => ({ status: 200, body: { item: null } }));
    expect(screen.getByText('附近 50 公里内暂时没有营业中的全时驿站。')).toBeTruthy();
    fireEvent.click(screen.getByText('查看全部附近驿站'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/stations/index' });
  });

  test('denied or offline: the reason in Chinese with 重试', async () => {
    grantGeolocation('prompt');
    getLocation.mockReset();
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail User denied Geolocation' });
    await renderHome(() => Promise.reject(new Error('request:fail')));
    fireEvent.click(screen.getByText('允许使用位置'));
    await act(async () => undefined);
    expect(screen.getByText('没有定位权限，请在设置中允许暖新使用你的位置')).toBeTruthy();

    getLocation.mockReset();
    getLocation.mockResolvedValue({ latitude: 39.92, longitude: 116.46, accuracy: 30 });
    fireEvent.click(screen.getByText('重试'));
    await act(async () => undefined);
    expect(screen.getByText('网络不可用，请检查网络后重试')).toBeTruthy();
  });
});
