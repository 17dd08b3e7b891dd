import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { PlaceAreas, PlaceDescription, PlaceSearchResult } from '@nuanxin/shared/geo/places';
import type { StationPage } from '@nuanxin/shared/stations/schemas';
import { PlaceLabel } from '../../miniapp/src/components/PlaceLabel';
import { PlacePicker } from '../../miniapp/src/components/PlacePicker';
import StationsPage from '../../miniapp/src/pages/stations/index';
import { chosenPlace, forgetPlaces } from '../../miniapp/src/services/places';
import { SessionProvider } from '../../miniapp/src/services/session';
import { forgetRiderPosition } from '../../miniapp/src/services/stations';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, makeStation, signIn } from './support/factories';
import { resetTaro } from './support/taro';

// #18 defects 8 and 9: a place a person recognises instead of coordinates, and a way forward when
// location is refused (type a place or pick a street, then list stations from there).

const DESCRIBE = 'GET /api/v1/places/describe';
const SEARCH = 'GET /api/v1/places/search';
const AREAS = 'GET /api/v1/places/areas';
const NEARBY = 'GET /api/v1/stations/nearby';
const getLocation = Taro.getLocation as jest.Mock;
const settle = () => act(async () => undefined);

const place = (overrides: Partial<PlaceDescription> = {}): PlaceDescription => ({
  lat: 39.9235,
  lng: 116.4652,
  inService: true,
  district: { id: 'd1', name: '朝阳区' },
  street: { id: 's4', name: '呼家楼街道' },
  community: { id: 'c1', name: '金台里小区', distanceM: 12, inside: false },
  landmark: { kind: 'station', id: 'st1', name: '呼家楼全时驿站', distanceM: 120 },
  label: '呼家楼街道 · 金台里小区 · 距呼家楼全时驿站 120 米',
  ...overrides,
});

const areas: PlaceAreas = {
  items: [
    {
      id: 'd1',
      name: '朝阳区',
      lat: 39.95,
      lng: 116.47,
      streets: [
        { id: 's1', name: '建外街道', lat: 39.905, lng: 116.45 },
        { id: 's4', name: '呼家楼街道', lat: 39.925, lng: 116.4625 },
      ],
    },
  ],
};

beforeEach(() => {
  resetTaro();
  forgetPlaces();
  forgetRiderPosition();
  signIn(makeMe());
});

describe('PlaceLabel', () => {
  test('shows the place big and the coordinates small; asks once per rounded position', async () => {
    const server = fakeServer({ [DESCRIBE]: () => ({ status: 200, body: place() }) });
    const { container, rerender } = render(<PlaceLabel lat={39.92351} lng={116.46521} accuracy={18.4} note="已定位" />);
    expect(container.querySelector('.nx-place--loading .nx-place__label')?.textContent).toBe('正在识别地点…');
    await settle();
    expect(container.querySelector('.nx-place__label')?.textContent).toBe(
      '呼家楼街道 · 金台里小区 · 距呼家楼全时驿站 120 米',
    );
    expect(container.querySelector('.nx-place__coords')?.textContent).toBe(
      '已定位 · 精度约 18 米 · 39.92351, 116.46521',
    );
    expect(server.calls.filter((c) => c.path === '/api/v1/places/describe')[0]!.query).toMatchObject({
      lat: ['39.92351'],
      lng: ['116.46521'],
      coord: ['gcj02'],
    });
    // A move of a metre is the same place: no second question.
    rerender(<PlaceLabel lat={39.923512} lng={116.465211} />);
    await settle();
    expect(server.count('GET', '/api/v1/places/describe')).toBe(1);
  });

  test('a browser fix is sent as WGS-84 and its coordinates shown in GCJ-02', async () => {
    const server = fakeServer({ [DESCRIBE]: () => ({ status: 200, body: place() }) });
    const { container } = render(<PlaceLabel lat={39.92226} lng={116.45899} coord="wgs84" />);
    await settle();
    expect(server.calls[0]!.query.coord).toEqual(['wgs84']);
    const shown = container.querySelector('.nx-place__coords')!.textContent!;
    expect(shown).not.toBe('39.92226, 116.45899');
    expect(shown).toMatch(/^39\.92\d{3}, 116\.46\d{3}$/);
  });

  test('when the place cannot be found the coordinates still show, with a calm note', async () => {
    fakeServer({ [DESCRIBE]: () => ({ status: 500, body: { code: 'INTERNAL', message: '服务器开小差了' } }) });
    const { container } = render(<PlaceLabel lat={39.9} lng={116.4} />);
    await settle();
    expect(container.querySelector('.nx-place--failed .nx-place__label')?.textContent).toBe(
      '暂时无法识别地点，已记录坐标',
    );
    expect(container.querySelector('.nx-place__coords')?.textContent).toBe('39.90000, 116.40000');
  });

  test('a place the page already knows is shown without asking', async () => {
    const server = fakeServer({});
    const { container } = render(<PlaceLabel lat={39.9} lng={116.4} known="呼家楼街道 · 金台里小区附近" />);
    await settle();
    expect(container.querySelector('.nx-place__label')?.textContent).toBe('呼家楼街道 · 金台里小区附近');
    expect(server.calls).toHaveLength(0);
  });
});

describe('PlacePicker', () => {
  test('picking a street hands back its name and position', async () => {
    fakeServer({ [AREAS]: () => ({ status: 200, body: areas }) });
    const onPick = jest.fn();
    render(<PlacePicker onPick={onPick} />);
    await settle();
    fireEvent.click(screen.getByText('呼家楼街道'));
    expect(onPick).toHaveBeenCalledWith({ kind: 'street', id: 's4', name: '呼家楼街道', lat: 39.925, lng: 116.4625 });
  });

  test('typing a place searches by name and lists what was found; nothing found says so', async () => {
    const found: PlaceSearchResult = {
      items: [{ kind: 'community', id: 'c1', name: '金台里小区', context: '呼家楼街道', lat: 39.9235, lng: 116.4652 }],
    };
    const server = fakeServer({
      [AREAS]: () => ({ status: 200, body: areas }),
      [SEARCH]: (req) => ({ status: 200, body: req.query.q?.[0] === '金台' ? found : { items: [] } }),
    });
    const onPick = jest.fn();
    render(<PlacePicker onPick={onPick} />);
    await settle();
    fireEvent.click(screen.getByText('查找'));
    expect(screen.getByText('请输入小区、街道或驿站的名称')).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText('输入小区、街道或驿站名称'), { target: { value: '金台' } });
    fireEvent.click(screen.getByText('查找'));
    await settle();
    expect(screen.getByText('社区 · 呼家楼街道')).toBeTruthy();
    fireEvent.click(screen.getByText('金台里小区'));
    expect(onPick).toHaveBeenCalledWith({
      kind: 'community',
      id: 'c1',
      name: '金台里小区',
      lat: 39.9235,
      lng: 116.4652,
    });

    fireEvent.change(screen.getByPlaceholderText('输入小区、街道或驿站名称'), { target: { value: '火星' } });
    fireEvent.click(screen.getByText('查找'));
    await settle();
    expect(screen.getByText('没有找到「火星」，换个名称试试，或在下面选街道')).toBeTruthy();
    expect(server.count('GET', '/api/v1/places/search')).toBe(2);
  });

  test('the street list failing offers to load it again', async () => {
    let fail = true;
    fakeServer({
      [AREAS]: () =>
        fail ? { status: 503, body: { code: 'UNAVAILABLE', message: '服务暂不可用' } } : { status: 200, body: areas },
    });
    render(<PlacePicker onPick={jest.fn()} />);
    await settle();
    fail = false;
    fireEvent.click(screen.getByText('重新加载街道'));
    await settle();
    expect(screen.getByText('建外街道')).toBeTruthy();
  });
});

describe('驿站 tab with location refused', () => {
  const stationNear = makeStation({
    id: 'a0000000-0000-4000-8000-000000000001',
    name: '呼家楼全时驿站',
    distanceM: 300,
  });
  const page: StationPage = { items: [stationNear], nextCursor: null, origin: { lat: 39.925, lng: 116.4625 } };

  function setup(routes: Record<string, Route> = {}) {
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
      [AREAS]: () => ({ status: 200, body: areas }),
      [NEARBY]: () => ({ status: 200, body: page }),
      ...routes,
    });
    const view = render(
      <SessionProvider>
        <StationsPage />
      </SessionProvider>,
    );
    return { server, ...view };
  }

  test('offers a street to pick; picking it lists the stations from there, and is kept for the session', async () => {
    getLocation.mockReset();
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' });
    const { server, container, unmount } = setup();
    await settle();
    expect(screen.getByText('没有定位权限，请在设置中允许暖新使用你的位置')).toBeTruthy();
    expect(server.count('GET', '/api/v1/stations/nearby')).toBe(0);

    fireEvent.click(screen.getByText('呼家楼街道'));
    await settle();
    const nearby = server.calls.filter((c) => c.path === '/api/v1/stations/nearby');
    expect(nearby).toHaveLength(1);
    expect(nearby[0]!.query).toMatchObject({ lat: ['39.925'], lng: ['116.4625'], coord: ['gcj02'] });
    expect(container.querySelectorAll('.nx-station-row')).toHaveLength(1);
    expect(screen.getByText('呼家楼街道附近的驿站')).toBeTruthy();
    expect(screen.getByText('按你选的地点「呼家楼街道」查找，没有使用定位')).toBeTruthy();
    expect(screen.queryByText('没有定位权限，请在设置中允许暖新使用你的位置')).toBeNull();
    expect(chosenPlace()).toMatchObject({ id: 's4', name: '呼家楼街道' });

    // Back on the tab later in the session: still refused, the chosen street stands in at once.
    unmount();
    const again = setup();
    await settle();
    expect(again.server.count('GET', '/api/v1/stations/nearby')).toBe(1);
    expect(screen.getByText('呼家楼街道附近的驿站')).toBeTruthy();
    expect(screen.queryByText('没有定位权限，请在设置中允许暖新使用你的位置')).toBeNull();
  });
});
