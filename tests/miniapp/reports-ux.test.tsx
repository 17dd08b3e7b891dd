import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ReviewItem } from '@nuanxin/shared/access/schemas';
import type { NearbyReport, Report, ReportCategory, ReportDetail } from '@nuanxin/shared/reports/schemas';
import ReportsPage from '../../miniapp/src/pages/reports/index';
import StaffReviewPage from '../../miniapp/src/packages/access/staff/review/index';
import MyReportsPage from '../../miniapp/src/packages/reports/mine/index';
import StaffReportPage from '../../miniapp/src/packages/reports/staff/report/index';
import StaffReportsPage from '../../miniapp/src/packages/reports/staff/queue/index';
import { ageLabel } from '../../miniapp/src/packages/reports/components/ReportCard/format';
import { useAction } from '../../miniapp/src/components/useAction';
import { SessionProvider } from '../../miniapp/src/services/session';
import { fakeServer, type FakeRequest, type Route } from './support/fake-server';
import { makeMe, makeStaff, signIn } from './support/factories';
import { resetTaro, setRouterParams } from './support/taro';

// Issue #18 (what people meet) in the 随手拍 pages and the review queue.

// The lists load when shown: here, once on mount (the shared double never calls useDidShow).
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('./support/taro');
  const { useEffect } = jest.requireActual('react');
  return {
    ...actual,
    __esModule: true,
    useDidShow: (fn: () => unknown) =>
      useEffect(() => {
        void fn();
      }, []),
  };
});

beforeEach(() => {
  resetTaro();
  (Taro.getLocation as jest.Mock).mockRejectedValue({ errMsg: 'getLocation:fail' });
});

const CATEGORIES: ReportCategory[] = [
  {
    id: 'k1',
    code: 'pothole',
    name: '道路坑洼',
    icon: '坑',
    acceptWithinMinutes: 30,
    fixWithinHours: 24,
    onSiteWithinMinutes: 30,
  },
  {
    id: 'k2',
    code: 'flooding',
    name: '积水',
    icon: '水',
    acceptWithinMinutes: 30,
    fixWithinHours: 24,
    onSiteWithinMinutes: 30,
  },
];
const offline: Route = () => Promise.reject({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' });

async function mount(node: JSX.Element) {
  const view = render(<SessionProvider>{node}</SessionProvider>);
  await act(async () => undefined);
  await act(async () => undefined);
  return view;
}
const click = async (el: HTMLElement) =>
  act(async () => {
    fireEvent.click(el);
  });

function makeReport(overrides: Partial<ReportDetail> = {}): ReportDetail {
  return {
    id: 'r1',
    category: { code: 'pothole', name: '道路坑洼', icon: '坑' },
    description: '路口有个大坑',
    lat: 39.92,
    lng: 116.46,
    accuracyM: 12,
    streetId: 's1',
    streetName: '望京街道',
    teamId: 't1',
    teamName: '望京应急队',
    assigneeId: null,
    assigneeName: null,
    place: '望京街道',
    state: 'on_site',
    rejectReason: null,
    duplicateOfId: null,
    confirmations: 0,
    source: 'app',
    reporterName: '王**（尾号 6621）',
    mine: false,
    overdue: false,
    overdueDeadline: null,
    photos: [],
    thumbUrl: null,
    createdAt: new Date(Date.now() - 3 * 3600_000 - 60_000).toISOString(),
    acceptDueAt: '2026-11-23T02:30:00.000Z',
    fixDueAt: '2026-11-24T02:00:00.000Z',
    onSiteDueAt: null,
    acceptedAt: null,
    dispatchedAt: null,
    onSiteAt: null,
    fixedAt: null,
    closedAt: null,
    updates: [],
    ...overrides,
  };
}

describe('随手拍 form: categories offline, errors that go when their cause does', () => {
  function riderServer(extra: Record<string, Route> = {}) {
    signIn(makeMe());
    return fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
      'GET /api/v1/report-categories': () => ({ status: 200, body: { items: CATEGORIES } }),
      'GET /api/v1/reports/nearby': () => ({ status: 200, body: { items: [] } }),
      ...extra,
    });
  }

  test('offline with categories cached: they show at once and the page says the network is down', async () => {
    Taro.setStorageSync('nx.report-categories', CATEGORIES);
    riderServer({ 'GET /api/v1/report-categories': offline });
    await mount(<ReportsPage />);
    expect(screen.getByText('道路坑洼')).toBeTruthy();
    expect(screen.getByText('积水')).toBeTruthy();
    expect(screen.getByText(/网络不可用/)).toBeTruthy();
    expect(screen.getByText(/上次保存的类别/)).toBeTruthy();
  });

  test('offline with nothing cached: says so; back online, the categories load and the message goes', async () => {
    let online = false;
    riderServer({
      'GET /api/v1/report-categories': (req) => (online ? { status: 200, body: { items: CATEGORIES } } : offline(req)),
    });
    await mount(<ReportsPage />);
    expect(screen.getByText(/网络不可用/)).toBeTruthy();
    expect(screen.queryByText('道路坑洼')).toBeNull();
    online = true;
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    await act(async () => undefined);
    expect(screen.getByText('道路坑洼')).toBeTruthy();
    expect(screen.queryByText(/网络不可用/)).toBeNull();
    // Cached for the next time the network is down.
    expect(Taro.getStorageSync('nx.report-categories')).toHaveLength(2);
  });

  test('请选择问题类别 goes away once a category is chosen, and it never offers a pointless 重试', async () => {
    riderServer();
    const URLs = URL as unknown as { createObjectURL?: (f: unknown) => string };
    URLs.createObjectURL = () => 'blob:photo-1';
    const view = await mount(<ReportsPage />);
    const input = view.container.querySelector('input[type="file"]')!;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['x'], 'a.jpg', { type: 'image/jpeg' })] } });
    });
    await click(screen.getByText('提交上报'));
    expect(screen.getByText('请选择问题类别')).toBeTruthy();
    expect(screen.queryByText('重试')).toBeNull();
    await click(screen.getByText('积水'));
    expect(screen.queryByText('请选择问题类别')).toBeNull();
  });

  test('the rider’s own nearby report offers no 我也遇到', async () => {
    (Taro.getLocation as jest.Mock).mockResolvedValue({ latitude: 39.92, longitude: 116.45, accuracy: 10 });
    Taro.setStorageSync('nx.report-draft', { key: 'd-1', category: 'pothole', description: '' });
    const near = (id: string, mine: boolean, description: string): NearbyReport => ({
      id,
      category: { code: 'pothole', name: '道路坑洼', icon: '坑' },
      description,
      state: 'submitted',
      distanceM: 40,
      confirmations: 0,
      createdAt: '2026-11-23T02:00:00.000Z',
      thumbUrl: null,
      mine,
    });
    riderServer({
      'GET /api/v1/reports/nearby': () => ({
        status: 200,
        body: { items: [near('n1', true, '我报的坑'), near('n2', false, '别人报的坑')] },
      }),
    });
    await mount(<ReportsPage />);
    await act(async () => undefined);
    expect(screen.getByText('我报的坑')).toBeTruthy();
    expect(screen.getAllByText('我也遇到')).toHaveLength(1);
    expect(screen.getByText('这是你上报的，正在处理中')).toBeTruthy();
  });
});

describe('已修复 without a photo', () => {
  test('says in Chinese what is missing, the button is disabled and nothing is sent', async () => {
    signIn(makeStaff('street_operator'));
    setRouterParams({ id: 'r1' });
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('street_operator') }),
      'GET /api/v1/reports/r1': () => ({ status: 200, body: makeReport() }),
      'GET /api/v1/staff/teams': () => ({ status: 200, body: { items: [] } }),
    });
    await mount(<StaffReportPage />);
    expect(screen.getByText(/请先拍摄或选择修复后的照片/)).toBeTruthy();
    const button = screen.getByText('已修复') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await click(button);
    expect(server.calls.filter((c) => c.path.endsWith('/fix'))).toEqual([]);
    expect(document.body.textContent).not.toMatch(/Cannot read|undefined/);
  });

  test('a bug’s English (TypeError) is never shown, only the page’s Chinese fallback', async () => {
    function Probe() {
      const task = useAction({ anyError: true, fallback: '操作失败，请重试' });
      return (
        <button
          type="button"
          onClick={() =>
            void task.run(async () => {
              throw new TypeError("Cannot read properties of undefined (reading 'file')");
            })
          }
        >
          {task.error ?? 'go'}
        </button>
      );
    }
    render(<Probe />);
    await click(screen.getByText('go'));
    expect(screen.getByText('操作失败，请重试')).toBeTruthy();
  });
});

describe('staff queues and lists have context', () => {
  test('the queue card shows the street (区级 outside every street), description, age and thumbnail', async () => {
    signIn(makeStaff('district_admin'));
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('district_admin') }),
      'GET /api/v1/staff/reports': () => ({
        status: 200,
        body: {
          items: [
            makeReport({ id: 'a', state: 'submitted', thumbUrl: '/media/photos/p1/thumb.jpg?exp=1&sig=x' }),
            makeReport({ id: 'b', state: 'submitted', streetId: null, streetName: null, description: '' }),
          ] as Report[],
        },
      }),
    });
    const view = await mount(<StaffReportsPage />);
    expect(screen.getByText('望京街道')).toBeTruthy();
    expect(screen.getByText('区级（不在任何街道内）')).toBeTruthy();
    expect(screen.getByText('路口有个大坑')).toBeTruthy();
    expect(screen.getAllByText('3 小时前')).toHaveLength(2);
    const thumbs = [...view.container.querySelectorAll('img.nx-report-card__thumb')].map((i) => i.getAttribute('src'));
    expect(thumbs).toEqual(['/media/photos/p1/thumb.jpg?exp=1&sig=x']);
    expect(view.container.querySelectorAll('.nx-report-card__thumb--none')).toHaveLength(1);
  });

  test('ages read as people say them', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(ageLabel('2026-11-23T11:59:40Z', now)).toBe('刚刚');
    expect(ageLabel('2026-11-23T11:48:00Z', now)).toBe('12 分钟前');
    expect(ageLabel('2026-11-23T09:00:00Z', now)).toBe('3 小时前');
    expect(ageLabel('2026-11-21T09:00:00Z', now)).toBe('2 天前');
  });

  test('dispatch offers only the teams this report may go to, and says what to do when there is none', async () => {
    signIn(makeStaff('district_admin'));
    setRouterParams({ id: 'r1' });
    const teams = [
      { id: 't1', name: '望京应急队', streetId: 's1', members: [] },
      { id: 't9', name: '酒仙桥应急队', streetId: 's9', members: [] },
    ];
    let report = makeReport({ state: 'accepted' });
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('district_admin') }),
      'GET /api/v1/reports/r1': () => ({ status: 200, body: report }),
      'GET /api/v1/staff/teams': () => ({ status: 200, body: { items: teams } }),
    });
    const view = await mount(<StaffReportPage />);
    expect(screen.getByText(/派单给 望京应急队/)).toBeTruthy();
    expect(screen.queryByText(/酒仙桥应急队/)).toBeNull();
    view.unmount();

    report = makeReport({ state: 'accepted', streetId: null, streetName: null, teamId: null });
    await mount(<StaffReportPage />);
    expect(screen.queryByText(/派单给/)).toBeNull();
    expect(screen.getByText(/只能派给区级队伍/)).toBeTruthy();
  });

  test('the rider’s list shows the first photo’s thumbnail', async () => {
    signIn(makeMe());
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
      'GET /api/v1/reports/mine': () => ({
        status: 200,
        body: { items: [makeReport({ mine: true, thumbUrl: '/media/photos/p1/thumb.jpg?exp=1&sig=x' })] },
      }),
    });
    const view = await mount(<MyReportsPage />);
    const thumb = view.container.querySelector('.nx-report-card img.nx-report-card__thumb');
    expect(thumb?.getAttribute('src')).toBe('/media/photos/p1/thumb.jpg?exp=1&sig=x');
    expect(screen.getByText('3 小时前')).toBeTruthy();
  });
});

describe('review queue: approving asks first and says it worked', () => {
  const item = (id: string, name: string): ReviewItem => ({
    id,
    communityId: 'c1',
    communityName: '金台里小区',
    status: 'pending',
    reason: null,
    appliedAt: '2026-11-23T02:00:00.000Z',
    rider: {
      id: `u-${id}`,
      realName: name,
      phoneMasked: '138****0001',
      idMasked: '1101**********001X',
      platform: 'meituan',
      stationName: '呼家楼站',
      vehicleKind: 'e_bike',
      plate: null,
      suspension: null,
    },
  });

  function reviewServer() {
    signIn(makeStaff('community_admin'));
    const approvals: FakeRequest['body'][] = [];
    let pending = [item('p1', '王建国'), item('p2', '李小明')];
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('community_admin') }),
      'GET /api/v1/access/review': () => ({ status: 200, body: { items: pending } }),
      'POST /api/v1/access/passes/approve': (req) => {
        approvals.push(req.body);
        const ids = (req.body?.passIds as string[]) ?? [];
        pending = pending.filter((p) => !ids.includes(p.id));
        return { status: 200, body: { approved: ids } };
      },
    });
    return { server, approvals };
  }

  test('全部批准 asks for confirmation; cancelling approves nothing', async () => {
    const { approvals } = reviewServer();
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    await mount(<StaffReviewPage />);
    await click(screen.getByText('全部批准（2）'));
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '全部批准（2）？' }));
    expect((Taro.showModal as jest.Mock).mock.calls[0][0].content).toContain('王建国、李小明');
    expect(approvals).toEqual([]);
  });

  test('confirmed, all are approved and the page says so', async () => {
    const { approvals } = reviewServer();
    await mount(<StaffReviewPage />);
    await click(screen.getByText('全部批准（2）'));
    await act(async () => undefined);
    expect(approvals).toEqual([{ passIds: ['p1', 'p2'] }]);
    expect(screen.getByText('已批准 2 份申请')).toBeTruthy();
  });

  test('one 批准 says whose application was approved', async () => {
    reviewServer();
    await mount(<StaffReviewPage />);
    await click(screen.getAllByText('批准')[0]!);
    await act(async () => undefined);
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(screen.getByText('已批准 王建国（金台里小区）')).toBeTruthy();
  });
});
