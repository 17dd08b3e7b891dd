import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { AccessEvent, Guide, ScanResult, StaffRider, StaffRiderDetail } from '@nuanxin/shared/access/schemas';
import { AccessResult } from '../../miniapp/src/packages/access/components/AccessResult';
import StaffGuidePage, { fromDraft } from '../../miniapp/src/packages/access/staff/guide/index';
import StaffLogPage, { rangeDays } from '../../miniapp/src/packages/access/staff/log/index';
import StaffRidersPage from '../../miniapp/src/packages/access/staff/riders/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { downloadAuthenticated } from '../../miniapp/src/services/download';
import { fakeServer, type FakeRequest } from './support/fake-server';
import { makeStaff, signIn } from './support/factories';
import { resetTaro, setRouterParams } from './support/taro';

jest.mock('../../miniapp/src/services/download', () => ({ downloadAuthenticated: jest.fn(async () => undefined) }));

const C1 = { id: 'c1', name: '金台里小区', address: '', streetId: 's1', lat: 39.92, lng: 116.46 };
const C2 = { id: 'c2', name: '呼家楼北社区', address: '', streetId: 's1', lat: 39.93, lng: 116.47 };
const gate = (id: string, name: string) => ({
  id,
  communityId: 'c1',
  name,
  kind: 'smart',
  lat: 39.92,
  lng: 116.46,
  active: true,
  codeVersion: 1,
  codeUrl: 'https://x',
  hasDeviceKey: false,
});
const event = (id: string, over: Partial<AccessEvent> = {}): AccessEvent => ({
  id,
  createdAt: '2026-11-23T02:00:00.000Z',
  scannedAt: '2026-11-23T02:00:00.000Z',
  method: 'gate_code',
  granted: false,
  reason: 'RIDER_SUSPENDED',
  communityId: 'c1',
  communityName: '金台里小区',
  gateId: 'g1',
  gateName: '东门',
  riderId: 'r1',
  riderName: '王建国',
  platform: 'meituan',
  distanceM: null,
  ...over,
});

async function mount(node: JSX.Element) {
  const view = render(<SessionProvider>{node}</SessionProvider>);
  await act(async () => undefined);
  await act(async () => undefined);
  return view;
}

beforeEach(() => {
  resetTaro();
  (downloadAuthenticated as jest.Mock).mockClear();
});

describe('access log filters', () => {
  function server(pages: Record<string, { items: AccessEvent[]; nextCursor: string | null }>) {
    signIn(makeStaff('community_admin'));
    return fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('community_admin') }),
      'GET /api/v1/communities': () => ({ status: 200, body: { items: [C1, C2] } }),
      'GET /api/v1/access/communities/c1/gates': () => ({
        status: 200,
        body: { items: [gate('g1', '东门'), gate('g2', '北门')] },
      }),
      'GET /api/v1/access/events': (req: FakeRequest) => ({
        status: 200,
        body: pages[req.query.cursor?.[0] ?? 'first'] ?? { items: [], nextCursor: null },
      }),
    });
  }
  const lastEvents = (calls: FakeRequest[]) => calls.filter((c) => c.path === '/api/v1/access/events').slice(-1)[0]!;

  test('quick ranges are whole Beijing days', () => {
    expect(rangeDays('today', '2026-11-23', { from: '', to: '' })).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(rangeDays('week', '2026-11-23', { from: '', to: '' })).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    expect(rangeDays('month', '2026-03-01', { from: '', to: '' })).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(rangeDays('any', '2026-11-23', { from: '', to: '' })).toEqual({});
  });

  test('community, gate, result and reason filters go to the API and to the CSV export; 加载更多 pages on', async () => {
    const s = server({
      first: { items: [event('e1'), event('e2')], nextCursor: 'p2' },
      p2: { items: [event('e3', { riderName: '李大力' })], nextCursor: null },
    });
    const { container } = await mount(<StaffLogPage />);
    // Default: last 7 days, every community.
    const first = lastEvents(s.calls);
    expect(first.query.communityId).toBeUndefined();
    expect(first.query.from?.[0]).toMatch(/T16:00:00\.000Z$/);
    expect(container.querySelectorAll('.nx-event')).toHaveLength(2);

    fireEvent.click(screen.getByText('加载更多'));
    await act(async () => undefined);
    expect(lastEvents(s.calls).query.cursor).toEqual(['p2']);
    expect(container.querySelectorAll('.nx-event')).toHaveLength(3);
    expect(screen.queryByText('加载更多')).toBeNull();

    fireEvent.click(screen.getByText('金台里小区'));
    await act(async () => undefined);
    await act(async () => undefined);
    fireEvent.click(screen.getByText('北门'));
    await act(async () => undefined);
    fireEvent.click(container.querySelector('.nx-tabs__tab--denied')!);
    await act(async () => undefined);
    const select = container.querySelector('.nx-log__reason')!.parentElement!.querySelector('select')!;
    const options = Array.from(select.querySelectorAll('option')).map((o) => o.textContent);
    const suspendedIndex = options.indexOf('该骑手的通行资格已被暂停');
    expect(suspendedIndex).toBeGreaterThan(0);
    fireEvent.change(select, { target: { value: String(suspendedIndex) } });
    await act(async () => undefined);
    fireEvent.click(screen.getByText('不限'));
    await act(async () => undefined);
    const q = lastEvents(s.calls).query;
    expect(q).toEqual(
      expect.objectContaining({ communityId: ['c1'], gateId: ['g2'], granted: ['false'], reason: ['RIDER_SUSPENDED'] }),
    );
    expect(q.from).toBeUndefined();

    fireEvent.click(screen.getByText('导出 CSV（当前筛选）'));
    const path = (downloadAuthenticated as jest.Mock).mock.calls[0]![0] as string;
    expect(path).toBe('/api/v1/access/events.csv?communityId=c1&gateId=g2&granted=false&reason=RIDER_SUSPENDED');
  });

  test('a custom range sends [from 00:00, day after to 00:00) in Beijing time and refuses a reversed range', async () => {
    const s = server({});
    const { container } = await mount(<StaffLogPage />);
    fireEvent.click(screen.getByText('自选日期'));
    await act(async () => undefined);
    const [from, to] = Array.from(container.querySelectorAll<HTMLInputElement>('input[type=date]'));
    fireEvent.change(from!, { target: { value: '2026-11-01' } });
    fireEvent.change(to!, { target: { value: '2026-11-02' } });
    await act(async () => undefined);
    expect(lastEvents(s.calls).query).toEqual(
      expect.objectContaining({ from: ['2026-10-31T16:00:00.000Z'], to: ['2026-11-02T16:00:00.000Z'] }),
    );
    fireEvent.change(from!, { target: { value: '2026-11-05' } });
    await act(async () => undefined);
    expect(screen.getByText('开始日期不能晚于结束日期')).toBeTruthy();
  });
});

describe('骑手通行管理', () => {
  const rider = (over: Partial<StaffRider> = {}): StaffRider => ({
    id: 'r1',
    realName: '王建国',
    phoneMasked: '138****6621',
    idMasked: '**************1239',
    platform: 'meituan',
    stationName: '美团金台路站',
    vehicleKind: 'e_bike',
    plate: '京A12345',
    passes: [{ communityId: 'c1', communityName: '金台里小区', status: 'approved' }],
    suspension: null,
    ...over,
  });

  test('finds a rider, suspends with a reason after confirming, and shows the audit', async () => {
    signIn(makeStaff('district_admin'));
    let detail: StaffRiderDetail = { rider: rider(), history: [] };
    const s = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('district_admin') }),
      'GET /api/v1/access/riders': () => ({ status: 200, body: { items: [detail.rider], more: false } }),
      'GET /api/v1/access/riders/r1': () => ({ status: 200, body: detail }),
      'POST /api/v1/access/riders/r1/suspend': (req) => {
        const reason = String(req.body?.reason);
        detail = {
          rider: rider({ suspension: { since: '2026-11-23T02:00:00.000Z', reason, byRole: 'district_admin' } }),
          history: [
            {
              id: 'h1',
              action: 'suspend',
              reason,
              at: '2026-11-23T02:00:00.000Z',
              actorName: '朝阳区 管理员',
              actorRole: 'district_admin',
            },
          ],
        };
        return { status: 200, body: detail };
      },
    });
    const { container } = await mount(<StaffRidersPage />);
    fireEvent.change(container.querySelector('.nx-riders__q')!, { target: { value: '6621' } });
    fireEvent.click(screen.getByText('查找'));
    await act(async () => undefined);
    expect(s.calls.filter((c) => c.path === '/api/v1/access/riders').slice(-1)[0]!.query.q).toEqual(['6621']);
    expect(container.textContent).toContain('138****6621');
    fireEvent.click(container.querySelector('.nx-rider')!);
    await act(async () => undefined);
    const button = container.querySelector<HTMLButtonElement>('.nx-riders__suspend')!;
    expect(button.disabled).toBe(true);
    fireEvent.change(container.querySelector('.nx-riders__reason')!, { target: { value: '多次逆行' } });
    fireEvent.click(container.querySelector('.nx-riders__suspend')!);
    await act(async () => undefined);
    await act(async () => undefined);
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '暂停通行资格' }));
    expect(s.calls.find((c) => c.method === 'POST')!.body).toEqual({ reason: '多次逆行' });
    expect(container.querySelector('.nx-suspension--staff')?.textContent).toContain('原因：多次逆行');
    expect(container.querySelector('.nx-riders__event--suspend')?.textContent).toContain('朝阳区 管理员（区管理员）');
    expect(container.querySelector('.nx-riders__lift')).not.toBeNull();
  });

  test('a street operator is told a district suspension is not its to lift', async () => {
    signIn(makeStaff('street_operator'));
    const held = rider({
      suspension: { since: '2026-11-23T02:00:00.000Z', reason: '冒用身份', byRole: 'district_admin' },
    });
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('street_operator') }),
      'GET /api/v1/access/riders': () => ({ status: 200, body: { items: [held], more: false } }),
      'GET /api/v1/access/riders/r1': () => ({ status: 200, body: { rider: held, history: [] } }),
    });
    const { container } = await mount(<StaffRidersPage />);
    fireEvent.click(container.querySelector('.nx-rider')!);
    await act(async () => undefined);
    expect(screen.getByText('该暂停由区管理员设置，只能由区管理员恢复。')).toBeTruthy();
    expect(container.querySelector('.nx-riders__lift')).toBeNull();
  });
});

describe('building guide: editor and what the rider sees', () => {
  const guide: Guide = {
    buildings: [
      {
        number: '1号楼',
        note: '单元门在北侧',
        entrances: [
          { lat: 39.9203, lng: 116.4598, label: '1单元' },
          { lat: 39.9203, lng: 116.46, label: '2单元' },
        ],
        entrance: { lat: 39.9203, lng: 116.4598 },
      },
      // A guide saved before labelled entrances: only `entrance`.
      { number: '2号楼', note: '', entrance: { lat: 39.9201, lng: 116.4602 } },
    ],
    parking: { lat: 39.9202, lng: 116.4607, description: '东门内停车区' },
    transferPoint: null,
    notes: '',
    requireLocation: false,
    maxDistanceM: 200,
  };

  test('the granted screen lists each entrance with its own navigation (H5: coordinates and copy)', async () => {
    const result = {
      eventId: 'e',
      granted: true,
      repeated: false,
      reason: 'GRANTED',
      message: '已准入',
      nextStep: null,
      gate: { id: 'g', name: '东门', kind: 'smart', lat: 39.92, lng: 116.46 },
      community: { id: 'c1', name: '金台里小区', address: '' },
      guide,
      distanceM: null,
    } as ScanResult;
    const { container } = render(<AccessResult outcome={{ kind: 'decision', result }} onClose={() => undefined} />);
    fireEvent.click(screen.getByText('查看楼栋指引和停车区'));
    const labels = Array.from(container.querySelectorAll('.nx-guide__entrance-label')).map((e) => e.textContent);
    expect(labels).toEqual(['1单元', '2单元', '入口']);
    expect(container.querySelectorAll('.nx-point-nav')).toHaveLength(4);
    // The place first (looked up), the coordinates small beneath it.
    expect(container.textContent).toContain('39.92030, 116.45980');
    // H5: each 导航 offers the map apps and 复制地址, with the position (GCJ-02) under them.
    fireEvent.click(container.querySelectorAll('.nx-guide__entrance .nx-nav__go')[0]!);
    expect(container.textContent).toContain('39.920300，116.459800');
    fireEvent.click(container.querySelectorAll('.nx-guide__entrance .nx-nav__go')[1]!);
    fireEvent.click(container.querySelectorAll('.nx-guide__entrance .nx-nav__copy')[1]!);
    await act(async () => undefined);
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: '金台里小区 1号楼 2单元 39.920300,116.460000' });
    expect(Taro.openLocation).not.toHaveBeenCalled();
  });

  test('fromDraft refuses entrances and points without a position, in words', () => {
    const base = { parking: null, transferPoint: null, notes: '', requireLocation: false, maxDistanceM: 200 };
    expect(
      fromDraft({
        ...base,
        buildings: [{ key: 1, number: '3号楼', note: '', entrances: [{ key: 2, label: '北门', at: null }] }],
      }),
    ).toBe('请为3号楼的北门设置位置，或删除该入口');
    expect(fromDraft({ ...base, buildings: [{ key: 1, number: ' ', note: '', entrances: [] }] })).toBe(
      '请填写每栋楼的楼号（或删除空白的楼栋）',
    );
    expect(fromDraft({ ...base, buildings: [], parking: { description: '东门', at: null } })).toBe(
      '请为停车区设置位置，或清除停车区',
    );
    expect(fromDraft({ ...base, buildings: [], transferPoint: { description: '', at: null } })).toEqual(
      expect.objectContaining({ transferPoint: null }),
    );
  });

  test('the editor adds a building with a typed entrance position and saves both shapes', async () => {
    signIn(makeStaff('community_admin'));
    setRouterParams({ communityId: 'c1' });
    let saved: Guide | undefined;
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('community_admin') }),
      'GET /api/v1/communities': () => ({ status: 200, body: { items: [C1] } }),
      'GET /api/v1/access/communities/c1/guide': () => ({ status: 200, body: saved ?? guide }),
      'PUT /api/v1/access/communities/c1/guide': (req) => {
        saved = req.body as unknown as Guide;
        return { status: 200, body: saved };
      },
    });
    const { container } = await mount(<StaffGuidePage />);
    expect(container.querySelectorAll('.nx-guide-edit__building')).toHaveLength(2);
    // The old single entrance shows as one entrance of 2号楼.
    expect(
      container.querySelectorAll('.nx-guide-edit__building')[1]!.querySelectorAll('.nx-guide-edit__entrance'),
    ).toHaveLength(1);
    fireEvent.click(screen.getByText('＋ 添加楼栋'));
    const added = container.querySelectorAll('.nx-guide-edit__building')[2]!;
    fireEvent.change(added.querySelector('.nx-guide-edit__number')!, { target: { value: '7号楼' } });
    fireEvent.change(added.querySelector('.nx-guide-edit__label')!, { target: { value: '地库入口' } });
    fireEvent.click(screen.getByText('保存楼栋指引'));
    await act(async () => undefined);
    expect(screen.getByText('请为7号楼的地库入口设置位置，或删除该入口')).toBeTruthy();
    // Manual entry on H5; a typo gets a message, not a save.
    fireEvent.change(added.querySelector('.nx-position__lat')!, { target: { value: '399.2' } });
    fireEvent.change(added.querySelector('.nx-position__lng')!, { target: { value: '116.4611' } });
    fireEvent.click(added.querySelector('.nx-position__apply')!);
    expect(added.textContent).toContain('纬度应在 -90 到 90 之间');
    fireEvent.change(added.querySelector('.nx-position__lat')!, { target: { value: '39.9211' } });
    fireEvent.click(added.querySelector('.nx-position__apply')!);
    expect(added.querySelector('.nx-position__value')?.textContent).toMatch(
      /^39\.921100，116\.461100（距小区约 \d+ 米）$/,
    );
    fireEvent.click(screen.getByText('保存楼栋指引'));
    await act(async () => undefined);
    expect(saved!.buildings[2]).toEqual({
      number: '7号楼',
      note: '',
      entrances: [{ lat: 39.9211, lng: 116.4611, label: '地库入口' }],
      entrance: { lat: 39.9211, lng: 116.4611 },
    });
    expect(saved!.buildings[1]!.entrances).toEqual([{ lat: 39.9201, lng: 116.4602, label: '' }]);
    expect(saved!.parking).toEqual(guide.parking);
  });

  test('use my location converts the browser fix to GCJ-02 and warns past 2 km', async () => {
    signIn(makeStaff('community_admin'));
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('community_admin') }),
      'GET /api/v1/communities': () => ({ status: 200, body: { items: [C1] } }),
      'GET /api/v1/access/communities/c1/guide': () => ({ status: 200, body: { ...guide, parking: null } }),
    });
    (Taro.getLocation as jest.Mock).mockResolvedValue({ latitude: 39.95, longitude: 116.46, accuracy: 10 });
    const { container } = await mount(<StaffGuidePage />);
    const parking = container.querySelector('.nx-guide-edit__parking')!;
    expect(parking.querySelector('.nx-position__value')?.textContent).toBe('未设置位置');
    fireEvent.click(parking.querySelector('.nx-position__here')!);
    await act(async () => undefined);
    // GCJ-02 is north-east of WGS-84 in Beijing.
    const [lat, lng] = parking
      .querySelector('.nx-position__value')!
      .textContent!.split('（')[0]!
      .split('，')
      .map(Number);
    expect(lat).toBeGreaterThan(39.95);
    expect(lng).toBeGreaterThan(116.46);
    expect(parking.textContent).toContain('离小区超过 2 公里');
  });
});
