import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { RiderProfile } from '@nuanxin/shared/access/schemas';
import type { ReportCategory, ReportDetail, SubmitResult } from '@nuanxin/shared/reports/schemas';
import ReportsPage from '../../miniapp/src/pages/reports/index';
import HomePage from '../../miniapp/src/pages/home/index';
import AccessPage from '../../miniapp/src/packages/access/index';
import { ApiError } from '../../miniapp/src/services/api';
import type { ReportPayload } from '../../miniapp/src/services/reports';
import { outbox, startOutbox, type OutboxItem } from '../../miniapp/src/services/offline';
import { backoffMs, OUTBOX_STORAGE_KEY, type ReportSender } from '../../miniapp/src/services/offline/outbox';
import { setPhotoStore, type PhotoStore } from '../../miniapp/src/services/offline/photos';
import { SessionProvider } from '../../miniapp/src/services/session';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, signIn } from './support/factories';
import { resetTaro } from './support/taro';

// Issue #19, bad networks: a 随手拍 report made without network waits in the outbox with its
// photos and its idempotency key, is sent when the network is back, exactly once, and the rider
// sees its state; a refusal (4xx) is final. A gate scan without network is kept too and recorded
// late (离线补录) once the network is back.

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
];

function makeReport(id: string): ReportDetail {
  return {
    id,
    category: { code: 'pothole', name: '道路坑洼', icon: '坑' },
    description: '',
    lat: 39.92,
    lng: 116.46,
    accuracyM: 12,
    streetId: 's1',
    streetName: '望京街道',
    state: 'submitted',
    createdAt: '2026-12-07T01:00:00.000Z',
    photos: [],
    updates: [],
  } as unknown as ReportDetail;
}

/**
 * The server as far as the outbox can tell: one report per (rider, key) like submitReport's
 * unique index. `mode` decides what the network does with the next send.
 */
function fakeReportsServer() {
  const reports = new Map<string, ReportDetail>();
  const sends: { key: string; payload: ReportPayload; photos: number }[] = [];
  const state = { mode: 'offline' as 'offline' | 'online' | 'lost-answer' | 'refuse' | 'error' };
  const send: ReportSender = async (key, payload, photos) => {
    sends.push({ key, payload, photos: photos.length });
    if (state.mode === 'offline') throw new ApiError('NETWORK_OFFLINE', '网络不可用，请检查网络后重试', 0);
    if (state.mode === 'refuse') throw new ApiError('OUTSIDE_SERVICE_AREA', '该位置不在服务范围内', 422, 'lat');
    if (state.mode === 'error') throw new ApiError('INTERNAL', '服务器开小差了，请稍后再试', 503);
    const replayed = reports.has(key);
    if (!replayed) reports.set(key, makeReport(`r${reports.size + 1}`));
    // The report is made but the answer never arrives (a timeout after the upload).
    if (state.mode === 'lost-answer') throw new ApiError('NETWORK_TIMEOUT', '网络超时，请重试', 0);
    const result: SubmitResult = { replayed, report: reports.get(key)! };
    return result;
  };
  return { reports, sends, state, send };
}

/** Photos in memory, as IndexedDB (H5) or saved files (weapp) keep them across a restart. */
function memoryPhotos(): PhotoStore & { kept: Map<string, ArrayBuffer> } {
  const kept = new Map<string, ArrayBuffer>();
  return {
    kept,
    async keep(key, photos) {
      return photos.map((_, i) => {
        kept.set(`${key}/${i}`, new ArrayBuffer(8));
        return { ref: `${key}/${i}`, type: 'image/jpeg', bytes: 8 };
      });
    },
    async read(p) {
      const data = kept.get(p.ref);
      if (!data) throw new Error('待发送的照片已丢失，请删除后重新拍摄');
      return data;
    },
    async drop(photos) {
      for (const p of photos) kept.delete(p.ref);
    },
  };
}

let server: ReturnType<typeof fakeReportsServer>;
let photos: ReturnType<typeof memoryPhotos>;
let now = Date.parse('2026-12-07T02:00:00.000Z');

beforeAll(() => {
  // The app's launch hook: listens for the network coming back.
  startOutbox();
});

beforeEach(() => {
  resetTaro();
  now = Date.parse('2026-12-07T02:00:00.000Z');
  server = fakeReportsServer();
  photos = memoryPhotos();
  setPhotoStore(photos);
  outbox.configure({ send: server.send, now: () => now });
  (Taro.getLocation as jest.Mock).mockResolvedValue({ latitude: 39.92, longitude: 116.46, accuracy: 10 });
  const URLs = URL as unknown as { createObjectURL?: (f: unknown) => string };
  URLs.createObjectURL = () => 'blob:photo-1';
});

afterEach(() => outbox.stop());

function riderApi(extra: Record<string, Route> = {}) {
  signIn(makeMe());
  return fakeServer({
    'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
    'GET /api/v1/report-categories': () => ({ status: 200, body: { items: CATEGORIES } }),
    'GET /api/v1/reports/nearby': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/me/attention': () => ({ status: 200, body: { items: [] } }),
    ...extra,
  });
}

async function settle() {
  for (let i = 0; i < 4; i++) await act(async () => undefined);
}

async function mount(node: JSX.Element) {
  const view = render(<SessionProvider>{node}</SessionProvider>);
  await settle();
  return view;
}

const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el);
  });
  await settle();
};

async function fillAndSubmit(view: ReturnType<typeof render>) {
  const input = view.container.querySelector('input[type="file"]')!;
  await act(async () => {
    fireEvent.change(input, { target: { files: [new File(['jpeg'], 'a.jpg', { type: 'image/jpeg' })] } });
  });
  await click(screen.getByText('道路坑洼'));
  await click(screen.getByText('提交上报'));
}

const stored = () => Taro.getStorageSync(OUTBOX_STORAGE_KEY) as OutboxItem[];
const backOnline = async () => {
  server.state.mode = 'online';
  await act(async () => {
    window.dispatchEvent(new Event('online'));
  });
  await settle();
};

describe('a report made without network', () => {
  test('is kept (待发送, with its photo) and sent once when the network is back (已发送)', async () => {
    riderApi();
    Taro.setStorageSync('nx.report-draft', { key: 'd-draft-0001', category: '', description: '' });
    const view = await mount(<ReportsPage />);
    await fillAndSubmit(view);

    expect(screen.getByText('已保存，待发送')).toBeTruthy();
    expect(view.container.querySelector('.nx-outbox__state--pending')?.textContent).toBe('待发送');
    expect(stored()).toHaveLength(1);
    expect(stored()[0]).toMatchObject({ key: 'd-draft-0001', state: 'pending', title: '道路坑洼' });
    expect(photos.kept.size).toBe(1);
    expect(server.reports.size).toBe(0);

    await backOnline();
    expect(view.container.querySelector('.nx-outbox__state--sent')?.textContent).toBe('已发送');
    expect(screen.getByText('已提交')).toBeTruthy();
    expect(server.reports.size).toBe(1);
    // Every send carried the draft's key, with its photo; the kept photo is freed once sent.
    expect(server.sends.map((s) => s.key)).toEqual(['d-draft-0001', 'd-draft-0001']);
    expect(server.sends.every((s) => s.photos === 1)).toBe(true);
    expect(photos.kept.size).toBe(0);

    // Online again, the app shown again: nothing more is sent.
    await backOnline();
    await act(async () => outbox.flush('u-1'));
    expect(server.sends).toHaveLength(2);
    expect(server.reports.size).toBe(1);
  });

  test('survives a restart: an item left 发送中 by a killed app is sent again with the same key, once', async () => {
    riderApi();
    const view = await mount(<ReportsPage />);
    await fillAndSubmit(view);
    const [item] = stored();
    // The app was killed in the middle of a send.
    Taro.setStorageSync(OUTBOX_STORAGE_KEY, [{ ...item!, state: 'sending' }]);
    view.unmount();
    outbox.recover();
    expect(stored()[0]!.state).toBe('pending');
    server.state.mode = 'online';
    await act(async () => outbox.flush('u-1'));
    await act(async () => outbox.flush('u-1'));
    expect(server.reports.size).toBe(1);
    expect(new Set(server.sends.map((s) => s.key))).toEqual(new Set([item!.key]));
  });

  test('the home page and the 随手拍 page show how many wait', async () => {
    riderApi();
    const view = await mount(<ReportsPage />);
    await fillAndSubmit(view);
    await click(screen.getByText('再拍一个'));
    expect(screen.getByText('1 条待发送')).toBeTruthy();
    view.unmount();
    await mount(<HomePage />);
    expect(screen.getByText('1 条随手拍待发送')).toBeTruthy();
  });

  test('sent at once when online: the rider sees 已提交 and nothing waits in the outbox', async () => {
    riderApi();
    server.state.mode = 'online';
    const view = await mount(<ReportsPage />);
    await fillAndSubmit(view);
    expect(screen.getByText('已提交')).toBeTruthy();
    expect(screen.getByText('查看进度')).toBeTruthy();
    expect(stored()).toEqual([]);
    expect(server.reports.size).toBe(1);
  });

  test('refused on submit (4xx): the form shows the server’s message and nothing is queued', async () => {
    riderApi();
    server.state.mode = 'refuse';
    const view = await mount(<ReportsPage />);
    await fillAndSubmit(view);
    expect(screen.getByText('该位置不在服务范围内')).toBeTruthy();
    expect(stored()).toEqual([]);
    expect(photos.kept.size).toBe(0);
  });
});

describe('the outbox', () => {
  const payload: ReportPayload = {
    category: 'pothole',
    description: '',
    position: { latitude: 39.92, longitude: 116.46, accuracy: 10, coordSystem: 'wgs84' },
    subscriptions: [],
  };
  const enqueue = (key = 'k-0000000001') =>
    outbox.enqueue({
      key,
      userId: 'u-1',
      title: '道路坑洼',
      report: payload,
      photos: [{ preview: 'blob:1', file: new File(['x'], 'a.jpg') }],
    });

  test('the idempotency key is reused on retry: a lost answer and a 重试 make one report', async () => {
    await enqueue();
    server.state.mode = 'lost-answer';
    const first = await outbox.send('k-0000000001');
    expect(first.item?.state).toBe('pending');
    expect(first.item?.error?.message).toBe('网络超时，请重试');
    expect(server.reports.size).toBe(1);

    server.state.mode = 'online';
    const second = await outbox.send('k-0000000001');
    expect(second.item?.state).toBe('sent');
    expect(second.result?.replayed).toBe(true);
    expect(server.sends.map((s) => s.key)).toEqual(['k-0000000001', 'k-0000000001']);
    expect(server.reports.size).toBe(1);
  });

  test('重试 in the list sends the same key again; the server answers with the first report', async () => {
    await enqueue();
    server.state.mode = 'lost-answer';
    await outbox.flush('u-1');
    riderApi();
    const view = await mount(<ReportsPage />);
    expect(view.container.querySelector('.nx-outbox__state--pending')?.textContent).toBe('待发送');
    expect(screen.getByText(/没有网络，网络恢复后自动发送/)).toBeTruthy();
    server.state.mode = 'online';
    await click(screen.getByText('重试'));
    expect(view.container.querySelector('.nx-outbox__state--sent')?.textContent).toBe('已发送');
    expect(server.sends.map((s) => s.key)).toEqual(['k-0000000001', 'k-0000000001']);
    expect(server.reports.size).toBe(1);
    expect(screen.getByText('查看进度')).toBeTruthy();
  });

  test('a 4xx is final: 发送失败 with the server’s Chinese message, no automatic resend; 重试 and 删除 shown', async () => {
    signIn(makeMe());
    await enqueue();
    server.state.mode = 'refuse';
    await outbox.flush('u-1');
    expect(stored()[0]).toMatchObject({
      state: 'failed',
      error: { code: 'OUTSIDE_SERVICE_AREA', message: '该位置不在服务范围内' },
    });
    now += 3600_000;
    await outbox.flush('u-1');
    expect(server.sends).toHaveLength(1);

    riderApi();
    const view = await mount(<ReportsPage />);
    expect(view.container.querySelector('.nx-outbox__state--failed')?.textContent).toBe('发送失败');
    expect(screen.getByText('该位置不在服务范围内')).toBeTruthy();
    expect(screen.getByText('重试')).toBeTruthy();
    await click(screen.getByText('删除'));
    expect(Taro.showModal).toHaveBeenCalled();
    expect(stored()).toEqual([]);
    expect(photos.kept.size).toBe(0);
  });

  test('network errors and 5xx retry with backoff; a flush before the backoff sends nothing', async () => {
    await enqueue();
    server.state.mode = 'error';
    await outbox.flush('u-1');
    expect(stored()[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: now + backoffMs(1) });
    server.state.mode = 'online';
    now += backoffMs(1) - 1;
    await outbox.flush('u-1');
    expect(server.sends).toHaveLength(1);
    now += 1;
    await outbox.flush('u-1');
    expect(stored()[0]!.state).toBe('sent');
    expect(server.reports.size).toBe(1);
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(backoffMs(20)).toBe(5 * 60_000);
  });

  test('two triggers at once (online event and app show) send an item once', async () => {
    await enqueue();
    server.state.mode = 'online';
    await Promise.all([outbox.flush('u-1'), outbox.flush('u-1'), outbox.send('k-0000000001')]);
    expect(server.sends).toHaveLength(1);
  });

  test('another user’s items are neither shown nor sent', async () => {
    await enqueue();
    server.state.mode = 'online';
    await outbox.flush('u-2');
    expect(server.sends).toHaveLength(0);
    expect(outbox.items('u-2')).toEqual([]);
    expect(outbox.unsentCount('u-1')).toBe(1);
  });
});

describe('a gate scan without network', () => {
  const profile: RiderProfile = {
    realName: '王小明',
    phoneMasked: '138****1234',
    idMasked: '**************1234',
    platform: 'meituan',
    stationName: '美团金台路站',
    vehicleKind: 'e_bike',
    plate: null,
    suspended: false,
    suspension: null,
  };
  const granted = {
    eventId: 'e1',
    granted: true,
    repeated: false,
    offline: true,
    reason: 'GRANTED',
    message: '已准入',
    nextStep: null,
    gate: { id: 'g1', name: '东门', kind: 'pedestrian', lat: 39.92, lng: 116.46 },
    community: { id: 'c1', name: '金台里', address: '朝阳区金台里' },
    guide: null,
    distanceM: 12,
  };
  const network = { up: true };
  const offlineFail = () => Promise.reject({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' });
  function accessApi() {
    return riderApi({
      'GET /api/v1/access/profile': () => (network.up ? { status: 200, body: { profile } } : offlineFail()),
      'GET /api/v1/access/passes': () => (network.up ? { status: 200, body: { items: [] } } : offlineFail()),
      'POST /api/v1/access/scans': () => (network.up ? { status: 200, body: granted } : offlineFail()),
    });
  }
  async function typeAndSubmit(view: ReturnType<typeof render>) {
    const input = view.container.querySelector('.nx-access__manual-input input, input.nx-access__manual-input')!;
    await act(async () => {
      fireEvent.input(input, { target: { value: '1234 5678' } });
    });
    await click(screen.getByText('提交'));
  }

  beforeEach(() => {
    network.up = true;
    (Taro.getLocation as jest.Mock).mockRejectedValue({ errMsg: 'getLocation:fail' });
  });

  test('is kept on the phone with its time and sent once as 离线补录 when the network is back', async () => {
    const api = accessApi();
    const view = await mount(<AccessPage />);
    network.up = false;
    await typeAndSubmit(view);
    expect(screen.getByText('未能联网核验')).toBeTruthy();
    expect(screen.getByText(/已保存在手机上，网络恢复后自动补录/)).toBeTruthy();
    const [item] = stored();
    expect(item).toMatchObject({ kind: 'scan', state: 'pending', title: '门岗扫码' });
    if (item?.kind !== 'scan') throw new Error('not a scan');
    expect(item.scan).toEqual({ code: '1234 5678', scannedAt: expect.any(String), offline: { key: item.key } });

    await click(screen.getByText('返回'));
    expect(screen.getByText('离线扫码（联网后补录）')).toBeTruthy();
    expect(screen.getByText('没有网络，网络恢复后自动补录这次扫码')).toBeTruthy();

    network.up = true;
    await backOnline();
    const posts = api.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/access/scans');
    // The live attempt, then the one send of the kept scan, with the phone's original time and its key.
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body).toEqual(item.scan);
    expect(stored()[0]).toMatchObject({ state: 'sent', decision: { granted: true, place: '金台里 · 东门' } });
    expect(screen.getByText('已补录（金台里 · 东门）：当时已准入')).toBeTruthy();
    await backOnline();
    expect(api.count('POST', '/api/v1/access/scans')).toBe(2);
  });

  test('the page opens without network from what it showed last, and home counts the kept scans', async () => {
    accessApi();
    const first = await mount(<AccessPage />);
    first.unmount();
    network.up = false;
    await mount(<AccessPage />);
    expect(screen.getByText(/没有网络：下面是 .* 联网时的信息/)).toBeTruthy();
    expect(screen.getByText(/王小明/)).toBeTruthy();
    // 扫码进门 is there to keep a scan.
    expect(screen.getByText('扫码进门')).toBeTruthy();
    // The network comes back: the page loads again by itself and the notice goes.
    network.up = true;
    await backOnline();
    expect(screen.queryByText(/没有网络：下面是/)).toBeNull();
    network.up = false;
    outbox.enqueueScan({ key: 'k-scan-1', userId: 'u-1', scan: { code: 'x', scannedAt: new Date(now).toISOString() } });
    await mount(<HomePage />);
    expect(screen.getByText('1 次门岗扫码待补录')).toBeTruthy();
  });
});
