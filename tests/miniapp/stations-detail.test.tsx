import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { Station } from '@nuanxin/shared/stations/schemas';
import StationDetailPage from '../../miniapp/src/packages/stations/detail/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, makeStation, signIn } from './support/factories';
import { resetTaro, setRouterParams } from './support/taro';
import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { forgetRiderPosition } from '../../miniapp/src/services/stations';
import { formatDistance } from '../../miniapp/src/utils/stations';

const ID = '11111111-1111-4111-8111-111111111111';

async function open(route: Route, params: Record<string, string> = { id: ID, d: '350' }) {
  signIn(makeMe());
  setRouterParams(params);
  const server = fakeServer({
    'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
    [`GET /api/v1/stations/${ID}`]: route,
  });
  const view = render(
    <SessionProvider>
      <StationDetailPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return { server, ...view };
}

const ok = (s: Station) => () => ({ status: 200, body: s });

const getLocation = Taro.getLocation as jest.Mock;
beforeEach(() => {
  resetTaro();
  forgetRiderPosition();
  getLocation.mockReset();
});

describe('station detail', () => {
  test('shows name, type, badge, distance from the list, address, amenities, counts and 24h hours', async () => {
    const { container } = await open(ok(makeStation()));
    expect(container.querySelector('.nx-station__name')?.textContent).toBe('金台里全时驿站');
    expect(container.querySelector('.nx-station__type')?.textContent).toBe('全时驿站');
    expect(container.querySelector('.nx-badge--open')?.textContent).toBe('营业中');
    expect(container.querySelector('.nx-station__distance')?.textContent).toBe('距你 350 米');
    expect(container.querySelector('.nx-station__address')?.textContent).toBe('朝阳区金台里甲15号（呼家楼街道）');
    expect(Array.from(container.querySelectorAll('.nx-station__tag')).map((t) => t.textContent)).toEqual([
      '充电',
      '热水',
      '卫生间',
    ]);
    expect(Array.from(container.querySelectorAll('.nx-station__count')).map((t) => t.textContent)).toEqual([
      '12 个座位',
      '8 个充电口',
    ]);
    const hours = Array.from(container.querySelectorAll('.nx-station__hours-line')).map((l) => l.textContent);
    expect(hours).toEqual(['周一至周日00:00–24:00']);
    expect(screen.getByText('信息更新于 2026-11-20')).toBeTruthy();
  });

  test('per-day hours, a closure with its note, and the admin note when paused', async () => {
    const weekly = [
      [{ open: '08:00', close: '20:00' }],
      [{ open: '08:00', close: '20:00' }],
      [{ open: '08:00', close: '20:00' }],
      [{ open: '08:00', close: '20:00' }],
      [{ open: '08:00', close: '20:00' }],
      [{ open: '22:00', close: '02:00' }],
      [],
    ];
    const station = makeStation({
      status: 'closed',
      openNow: false,
      statusNote: '水管维修，预计周五恢复',
      hours: { is24h: false, weekly, closures: [{ from: '2099-01-28', to: '2099-02-03', note: '春节' }] },
    });
    const { container } = await open(ok(station));
    const hours = Array.from(container.querySelectorAll('.nx-station__hours-line')).map((l) => [
      l.querySelector('.nx-station__hours-days')?.textContent,
      l.querySelector('.nx-station__hours-time')?.textContent,
    ]);
    expect(hours).toEqual([
      ['周一至周五', '08:00–20:00'],
      ['周六', '22:00–次日02:00'],
      ['周日', '休息'],
    ]);
    expect(container.querySelector('.nx-station__closure')?.textContent).toBe('1月28日至2月3日闭站：春节');
    expect(container.querySelector('.nx-badge--paused')?.textContent).toBe('暂停开放');
    expect(container.querySelector('.nx-station__note--closed')?.textContent).toBe('暂停开放：水管维修，预计周五恢复');
  });

  test('H5: 导航 offers 高德地图 and 腾讯地图 at the GCJ-02 position, and 复制地址; no openLocation', async () => {
    await open(ok(makeStation()));
    const opened = jest.spyOn(window, 'open').mockImplementation(() => ({ opener: window }) as unknown as Window);
    try {
      fireEvent.click(screen.getByText('导航'));
      expect(screen.getByText(/坐标（GCJ-02/).textContent).toContain('39.923500，116.465200');
      fireEvent.click(screen.getByText('高德地图'));
      expect(opened).toHaveBeenCalledWith(
        'https://uri.amap.com/marker?position=116.465200,39.923500&name=%E9%87%91%E5%8F%B0%E9%87%8C%E5%85%A8%E6%97%B6%E9%A9%BF%E7%AB%99&src=nuanxin&coordinate=gaode&callnative=1',
        '_blank',
      );
      fireEvent.click(screen.getByText('腾讯地图'));
      const tencent = new URL(String(opened.mock.calls[1]![0]));
      expect(tencent.origin + tencent.pathname).toBe('https://apis.map.qq.com/uri/v1/marker');
      expect(tencent.searchParams.get('marker')).toBe(
        'coord:39.923500,116.465200;title:金台里全时驿站;addr:朝阳区金台里甲15号',
      );
      expect(tencent.searchParams.get('coord_type')).toBe('2');
    } finally {
      opened.mockRestore();
    }
    fireEvent.click(screen.getByText('复制地址'));
    await act(async () => undefined);
    expect(Taro.setClipboardData).toHaveBeenCalledWith({
      data: '金台里全时驿站 朝阳区金台里甲15号 39.923500,116.465200',
    });
    expect(screen.getByText('已复制地址')).toBeTruthy();
    expect(Taro.openLocation).not.toHaveBeenCalled();
  });

  test('the contact phone is a button that calls', async () => {
    await open(ok(makeStation()));
    fireEvent.click(screen.getByText('拨打 010-65001234'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '010-65001234' });
  });

  test('photos are shown and open the previewer', async () => {
    const photos = ['https://img.example/a.jpg', 'https://img.example/b.jpg'];
    const { container } = await open(ok(makeStation({ photos })));
    const imgs = Array.from(container.querySelectorAll('img.nx-station__photo'));
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual(photos);
    fireEvent.click(imgs[1]!);
    expect(Taro.previewImage).toHaveBeenCalledWith({ current: photos[1], urls: photos });
  });

  test('not found: the server message stays on screen with 重试', async () => {
    let status = 404;
    const { container } = await open(() =>
      status === 404
        ? { status: 404, body: { code: 'NOT_FOUND', message: '驿站不存在或已删除' } }
        : { status: 200, body: makeStation() },
    );
    expect(screen.getByText('驿站不存在或已删除')).toBeTruthy();
    status = 200;
    fireEvent.click(screen.getByText('重试'));
    await act(async () => undefined);
    expect(container.querySelector('.nx-station__name')?.textContent).toBe('金台里全时驿站');
  });

  test('offline: the network message in Chinese', async () => {
    await open(() => Promise.reject(new Error('request:fail')));
    expect(screen.getByText('网络不可用，请检查网络后重试')).toBeTruthy();
  });

  test('without an id it says how to recover instead of calling the API', async () => {
    const { server } = await open(ok(makeStation()), {});
    expect(screen.getByText('没有指定驿站，请从列表重新打开')).toBeTruthy();
    expect(server.calls.filter((c) => c.path.startsWith('/api/v1/stations'))).toHaveLength(0);
  });

  describe('opened from a shared link (only the id)', () => {
    test('locates the rider (H5: WGS-84 converted to GCJ-02) and shows the distance', async () => {
      // About 540 m south-west of the station, as a browser reports it (WGS-84).
      getLocation.mockResolvedValue({ latitude: 39.9203, longitude: 116.4536, accuracy: 15 });
      // The detail API has no rider position, so no distance of its own.
      const station = makeStation({ distanceM: undefined });
      const { container } = await open(ok(station), { id: ID });
      await act(async () => undefined);
      expect(getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'wgs84' }));
      const expected = Math.round(greatCircleMetres(wgs84ToGcj02({ lat: 39.9203, lng: 116.4536 }), station));
      // The datum shift matters: measured on the raw WGS-84 point it would be ~100 m more.
      expect(
        Math.abs(expected - Math.round(greatCircleMetres({ lat: 39.9203, lng: 116.4536 }, station))),
      ).toBeGreaterThan(50);
      expect(container.querySelector('.nx-station__distance')?.textContent).toBe(`距你 ${formatDistance(expected)}`);
    });

    test('location refused: the page still works, says why, and 重新定位 asks again', async () => {
      getLocation.mockRejectedValueOnce({ errMsg: 'getLocation:fail auth deny' });
      const { container } = await open(ok(makeStation({ distanceM: undefined })), { id: ID });
      await act(async () => undefined);
      expect(container.querySelector('.nx-station__distance')).toBeNull();
      expect(screen.getByText('未获得定位授权，暂不显示距离')).toBeTruthy();
      expect(container.querySelector('.nx-station__name')?.textContent).toBe('金台里全时驿站');
      expect(screen.getByText('导航')).toBeTruthy();
      getLocation.mockResolvedValueOnce({ latitude: 39.9203, longitude: 116.4536, accuracy: 15 });
      fireEvent.click(screen.getByText('重新定位'));
      await act(async () => undefined);
      expect(container.querySelector('.nx-station__distance')?.textContent).toMatch(/^距你 \d+ 米$/);
    });

    test('a distance from the list is used as is: no location request', async () => {
      await open(ok(makeStation({ distanceM: undefined })), { id: ID, d: '350' });
      expect(screen.getByText('距你 350 米')).toBeTruthy();
      expect(getLocation).not.toHaveBeenCalled();
    });
  });
});
