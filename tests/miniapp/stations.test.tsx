import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { StationPage } from '@nuanxin/shared/stations/schemas';
import StationsPage from '../../miniapp/src/pages/stations/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { forgetRiderPosition } from '../../miniapp/src/services/stations';
import { fakeServer, type FakeRequest, type Route } from './support/fake-server';
import { makeMe, makeStation, signIn } from './support/factories';
import { resetTaro } from './support/taro';

const NEARBY = 'GET /api/v1/stations/nearby';
const getLocation = Taro.getLocation as jest.Mock;

const near = makeStation({ id: 'a0000000-0000-4000-8000-000000000001', name: '金台里全时驿站', distanceM: 350 });
const far = makeStation({
  id: 'a0000000-0000-4000-8000-000000000002',
  name: '呼家楼小哥加油站',
  type: 'rider_refuel',
  openNow: false,
  distanceM: 1234,
  amenities: ['hot_water', 'microwave', 'fridge', 'air_conditioning', 'toilet', 'books', 'raincoat'],
});
const paused = makeStation({
  id: 'a0000000-0000-4000-8000-000000000003',
  name: '团结湖城市驿站',
  type: 'city',
  status: 'closed',
  statusNote: '装修',
  openNow: false,
  distanceM: 2600,
});

const page = (items = [near, far], nextCursor: string | null = null): StationPage => ({
  items,
  nextCursor,
  origin: { lat: 39.9235, lng: 116.4652 },
});

function setup(routes: Record<string, Route>) {
  signIn(makeMe());
  const server = fakeServer({ 'GET /api/v1/me': () => ({ status: 200, body: makeMe() }), ...routes });
  const view = render(
    <SessionProvider>
      <StationsPage />
    </SessionProvider>,
  );
  return { server, ...view };
}

const settle = () => act(async () => undefined);
const rows = (c: HTMLElement) => Array.from(c.querySelectorAll<HTMLElement>('.nx-station-row'));
const nearbyCalls = (calls: FakeRequest[]) => calls.filter((c) => c.path === '/api/v1/stations/nearby');
const lastNearby = (calls: FakeRequest[]) => {
  const all = nearbyCalls(calls);
  return all[all.length - 1]!;
};

beforeEach(() => {
  resetTaro();
  forgetRiderPosition();
  getLocation.mockReset();
  // H5 (the tests' platform): the browser gives WGS-84.
  getLocation.mockResolvedValue({ latitude: 39.92226, longitude: 116.45899, accuracy: 20 });
});

describe('驿站 tab', () => {
  test('lists the nearest stations with distance, badge, type and amenities; asks with coord=wgs84', async () => {
    const { server, container } = setup({ [NEARBY]: () => ({ status: 200, body: page() }) });
    await settle();

    expect(getLocation.mock.calls[0][0]).toMatchObject({ type: 'wgs84' });
    const [call] = nearbyCalls(server.calls);
    expect(call!.query).toMatchObject({ lat: ['39.92226'], lng: ['116.45899'], coord: ['wgs84'], limit: ['20'] });
    expect(call!.query.types).toBeUndefined();
    expect(call!.authorization).toBe('Bearer access-1');

    const list = rows(container);
    expect(list.map((r) => r.getAttribute('data-station-id'))).toEqual([near.id, far.id]);
    expect(list[0]!.querySelector('.nx-station-row__distance')?.textContent).toBe('350 米');
    expect(list[0]!.querySelector('.nx-badge--open')?.textContent).toBe('营业中');
    expect(list[0]!.querySelector('.nx-station-row__type')?.textContent).toBe('全时驿站');
    expect(list[1]!.querySelector('.nx-station-row__distance')?.textContent).toBe('1.2 公里');
    expect(list[1]!.querySelector('.nx-badge--closed')?.textContent).toBe('已打烊');
    expect(list[1]!.querySelector('.nx-station-row__type')?.textContent).toBe('小哥加油站');
    // Five tags and "+2" for the rest.
    expect(Array.from(list[1]!.querySelectorAll('.nx-amenity')).map((t) => t.textContent)).toEqual([
      '热水',
      '微波炉',
      '冰箱',
      '空调',
      '卫生间',
      '+2',
    ]);
    expect(screen.getByText('已显示全部 2 个驿站')).toBeTruthy();
    // H5: no native map; the switch offers the map of our own data (components/GeoMap).
    expect(container.querySelector('[data-map]')).toBeNull();
    expect(screen.getByText('地图')).toBeTruthy();
  });

  test('an admin-closed station reads 暂停开放', async () => {
    const { container } = setup({ [NEARBY]: () => ({ status: 200, body: page([paused]) }) });
    await settle();
    expect(rows(container)[0]!.querySelector('.nx-badge--paused')?.textContent).toBe('暂停开放');
  });

  test('each chip adds its filter to a new search; tapping again removes it', async () => {
    const { server, container } = setup({ [NEARBY]: () => ({ status: 200, body: page() }) });
    await settle();
    const chip = (key: string) => container.querySelector(`.nx-chip[data-filter="${key}"]`)!;
    expect(Array.from(container.querySelectorAll('.nx-chip')).map((c) => c.textContent)).toEqual([
      '营业中',
      '24小时',
      '充电',
      '热水',
      '卫生间',
      '换电',
    ]);

    fireEvent.click(chip('is24h'));
    await settle();
    fireEvent.click(chip('charging'));
    await settle();
    fireEvent.click(chip('battery_swap'));
    await settle();
    fireEvent.click(chip('open'));
    await settle();
    const last = lastNearby(server.calls);
    expect(last.query.is24h).toEqual(['true']);
    expect(last.query.types).toBeUndefined();
    expect(last.query.amenities).toEqual(['charging', 'battery_swap']);
    expect(last.query.openNow).toEqual(['true']);
    expect(chip('charging').className).toContain('nx-chip--on');

    fireEvent.click(chip('charging'));
    await settle();
    const after = lastNearby(server.calls);
    expect(after.query.amenities).toEqual(['battery_swap']);
    expect(chip('charging').className).not.toContain('nx-chip--on');
    // The position is reused: one fix for all these searches.
    expect(getLocation).toHaveBeenCalledTimes(1);
  });

  test('加载更多 sends the cursor with the same filters and appends the next page', async () => {
    const third = makeStation({ id: 'a0000000-0000-4000-8000-000000000004', name: '三里屯驿站', distanceM: 4100 });
    const { server, container } = setup({
      [NEARBY]: (req) =>
        req.query.cursor
          ? { status: 200, body: page([third], null) }
          : { status: 200, body: page([near, far], 'next-1') },
    });
    await settle();
    expect(screen.queryByText(/已显示全部/)).toBeNull();
    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    const last = lastNearby(server.calls);
    expect(last.query.cursor).toEqual(['next-1']);
    expect(last.query.coord).toEqual(['wgs84']);
    expect(rows(container).map((r) => r.getAttribute('data-station-id'))).toEqual([near.id, far.id, third.id]);
    expect(screen.queryByText('加载更多')).toBeNull();
    expect(screen.getByText('已显示全部 3 个驿站')).toBeTruthy();
  });

  test('tapping a row opens the detail with the id and the distance from the list', async () => {
    const { container } = setup({ [NEARBY]: () => ({ status: 200, body: page() }) });
    await settle();
    fireEvent.click(rows(container)[1]!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/stations/detail/index?id=${far.id}&d=1234` });
  });

  test('empty: says so, offers to widen to 20 km, and with filters to clear them', async () => {
    const { server, container } = setup({ [NEARBY]: () => ({ status: 200, body: page([]) }) });
    await settle();
    expect(screen.getByText('5 公里内没有驿站')).toBeTruthy();
    expect(screen.queryByText('清除筛选')).toBeNull();
    fireEvent.click(screen.getByText('扩大到 20 公里'));
    await settle();
    expect(lastNearby(server.calls).query.radius).toEqual(['20000']);
    expect(screen.getByText('20 公里内没有驿站')).toBeTruthy();
    expect(screen.queryByText('扩大到 20 公里')).toBeNull();

    fireEvent.click(container.querySelector('.nx-chip[data-filter="toilet"]')!);
    await settle();
    expect(screen.getByText('5 公里内没有符合条件的驿站')).toBeTruthy();
    fireEvent.click(screen.getByText('清除筛选'));
    await settle();
    expect(lastNearby(server.calls).query.amenities).toBeUndefined();
  });

  test('offline: shows the Chinese network message with 重试, which loads the list', async () => {
    let fail = true;
    const { container } = setup({
      [NEARBY]: () => (fail ? Promise.reject(new Error('request:fail')) : { status: 200, body: page() }),
    });
    await settle();
    expect(screen.getByText('网络不可用，请检查网络后重试')).toBeTruthy();
    expect(rows(container)).toHaveLength(0);
    fail = false;
    fireEvent.click(screen.getByText('重试'));
    await settle();
    expect(rows(container)).toHaveLength(2);
    expect(screen.queryByText('网络不可用，请检查网络后重试')).toBeNull();
  });

  test('a server error keeps the last list on screen and says it may be out of date', async () => {
    let status = 200;
    const { container } = setup({
      [NEARBY]: () =>
        status === 200
          ? { status: 200, body: page() }
          : { status: 400, body: { code: 'RADIUS_TOO_LARGE', message: '搜索半径太大（最大 50 公里）' } },
    });
    await settle();
    status = 400;
    fireEvent.click(screen.getByText('刷新'));
    await settle();
    expect(screen.getByText('搜索半径太大（最大 50 公里）')).toBeTruthy();
    expect(screen.getByText(/的结果，距离可能已变化/)).toBeTruthy();
    expect(rows(container)).toHaveLength(2);
    // 刷新 takes a new fix.
    expect(getLocation).toHaveBeenCalledTimes(2);
  });

  test('location denied: explains in Chinese and asks nothing of the API', async () => {
    getLocation.mockReset();
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' });
    const { server } = setup({ [NEARBY]: () => ({ status: 200, body: page() }) });
    await settle();
    expect(screen.getByText('没有定位权限，请在设置中允许暖新使用你的位置')).toBeTruthy();
    expect(nearbyCalls(server.calls)).toHaveLength(0);
    // 去设置 exists only on weapp (the browser has its own site settings).
    expect(screen.queryByText('去设置开启定位')).toBeNull();
    getLocation.mockReset();
    getLocation.mockResolvedValue({ latitude: 39.92, longitude: 116.46, accuracy: 30 });
    fireEvent.click(screen.getByText('重试'));
    await settle();
    expect(nearbyCalls(server.calls)).toHaveLength(1);
  });
});
