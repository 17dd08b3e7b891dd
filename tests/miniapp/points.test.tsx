import { act, fireEvent, render, screen } from '@testing-library/react';
import type { HistoryPage, MerchantVoucher, PointsSummary, RewardList, Voucher } from '@nuanxin/shared/points/schemas';
import PointsPage from '../../miniapp/src/packages/points/index';
import MerchantPage from '../../miniapp/src/packages/points/staff/merchant/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro } from './support/taro';
import { fakeServer, type FakeRequest, type Route } from './support/fake-server';
import { makeMe, makeStaff, signIn } from './support/factories';

beforeEach(() => resetTaro());

const summary: PointsSummary = {
  available: 14,
  held: 0,
  expiringSoon: { amount: 4, earliest: '2026-12-20T00:00:00.000Z', windowDays: 30 },
  totalEarned: 24,
};
const history: HistoryPage = {
  items: [
    {
      id: 't1',
      at: '2026-11-20T02:00:00.000Z',
      amount: 2,
      reason: 'report_accepted',
      reasonLabel: '随手拍上报被受理',
      detail: '上报编号 abcd1234',
    },
  ],
  nextCursor: null,
};
const reward = (id: string, title: string, price: number, blockedBy: string | null, shortBy = 0) => ({
  id,
  title,
  description: '',
  pricePoints: price,
  hours: '09:00-21:00',
  merchant: { id: 'm1', name: '老街坊理发', kind: 'barber', address: '金台路12号', lat: 39.9, lng: 116.4 },
  period: 'month',
  stockLeft: 5,
  perRiderMonthlyLimit: null,
  usedThisMonth: 0,
  shortBy,
  voucherValidDays: 7,
  validUntil: null,
  blockedBy,
});
const rewards: RewardList = {
  available: 14,
  items: [reward('r1', '理发', 10, null), reward('r2', '精剪', 20, 'POINTS_INSUFFICIENT', 6)],
};
const voucher: Voucher = {
  id: 'v1',
  status: 'issued',
  statusLabel: '待使用',
  rewardTitle: '理发',
  merchantName: '老街坊理发',
  merchantAddress: '金台路12号',
  points: 10,
  shortCode: 'ABCD EFGH',
  qrPayload: 'NX1.k1.v1.sig',
  qrImage: 'data:image/png;base64,AAAA',
  expiresAt: '2026-11-30T02:00:00.000Z',
  createdAt: '2026-11-23T02:00:00.000Z',
  resolvedAt: null,
};

function riderRoutes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
    'GET /api/v1/points/summary': () => ({ status: 200, body: summary }),
    'GET /api/v1/points/history': () => ({ status: 200, body: history }),
    'GET /api/v1/points/rewards': () => ({ status: 200, body: rewards }),
    'GET /api/v1/points/vouchers': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/points/notices': () => ({ status: 200, body: { items: [] } }),
    ...extra,
  };
}

async function renderPage(page: JSX.Element) {
  const view = render(<SessionProvider>{page}</SessionProvider>);
  await act(async () => undefined);
  return view;
}

describe('rider points page', () => {
  test('shows the balance big, expiring points, history with reasons and 还差 N 分', async () => {
    signIn(makeMe());
    fakeServer(riderRoutes());
    await renderPage(<PointsPage />);
    expect(screen.getByText('14')).toBeTruthy();
    expect(screen.getByText(/4 分将于 12月20日 起过期/)).toBeTruthy();
    expect(screen.getByText('随手拍上报被受理')).toBeTruthy();
    expect(screen.getByText('+2')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByText('兑换'));
    });
    expect(screen.getByText('还差 6 分')).toBeTruthy();
  });

  test('a redeem whose answer was lost is retried with the same idempotency key, then shows the voucher QR', async () => {
    signIn(makeMe());
    let attempts = 0;
    const bodies: FakeRequest['body'][] = [];
    let vouchers: Voucher[] = [];
    fakeServer(
      riderRoutes({
        'POST /api/v1/points/redeem': (req) => {
          bodies.push(req.body);
          attempts++;
          if (attempts === 1) return Promise.reject(new Error('request:fail timeout'));
          vouchers = [voucher];
          return { status: 201, body: voucher };
        },
        'GET /api/v1/points/vouchers': () => ({ status: 200, body: { items: vouchers } }),
      }),
    );
    await renderPage(<PointsPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('兑换'));
    });
    const redeemButton = () => screen.getAllByText('兑换').find((el) => el.tagName === 'BUTTON')!;
    await act(async () => {
      fireEvent.click(redeemButton());
    });
    expect(screen.getByText('网络超时，请重试')).toBeTruthy();
    await act(async () => {
      fireEvent.click(redeemButton());
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(screen.getByText('ABCD EFGH')).toBeTruthy();
    expect(document.querySelector('.nx-voucher__qr')?.getAttribute('src')).toBe(voucher.qrImage);
  });
});

describe('rider points history', () => {
  const line = (id: string, amount: number) => ({
    id,
    at: '2026-11-20T02:00:00.000Z',
    amount,
    reason: 'report_accepted' as const,
    reasonLabel: '随手拍上报被受理',
    detail: `上报编号 ${id}`,
  });

  test('加载更多 asks for the page after the cursor, appends it once, and stops at the end', async () => {
    signIn(makeMe());
    const server = fakeServer(
      riderRoutes({
        'GET /api/v1/points/history': (req) =>
          req.query.cursor?.[0] === 'c1'
            ? { status: 200, body: { items: [line('t3', 3), line('t4', 4)], nextCursor: null } }
            : { status: 200, body: { items: [line('t1', 1), line('t2', 2)], nextCursor: 'c1' } },
      }),
    );
    await renderPage(<PointsPage />);
    expect(screen.getByText('上报编号 t2')).toBeTruthy();
    expect(screen.queryByText('上报编号 t3')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByText('加载更多'));
    });
    const cursors = server.calls.filter((c) => c.path === '/api/v1/points/history').map((c) => c.query.cursor?.[0]);
    expect(cursors.at(-1)).toBe('c1');
    expect(cursors.filter(Boolean)).toEqual(['c1']);
    expect(screen.getAllByText(/^上报编号 t/).map((el) => el.textContent)).toEqual([
      '上报编号 t1',
      '上报编号 t2',
      '上报编号 t3',
      '上报编号 t4',
    ]);
    expect(screen.queryByText('加载更多')).toBeNull();
    expect(screen.getByText('没有更早的记录了')).toBeTruthy();
  });

  test('a points notice shows until 知道了, which marks it read in the inbox', async () => {
    signIn(makeMe());
    const server = fakeServer(
      riderRoutes({
        'GET /api/v1/points/notices': () => ({
          status: 200,
          body: {
            items: [
              {
                id: 'n9',
                kind: 'points_expiring',
                title: '积分即将过期',
                body: '你有 4 积分将于 2026-12-20 起陆续过期',
                createdAt: '2026-11-21T02:00:00.000Z',
                readAt: null,
              },
            ],
          },
        }),
        'POST /api/v1/notifications/n9/read': () => ({ status: 204 }),
      }),
    );
    await renderPage(<PointsPage />);
    expect(screen.getByText(/积分即将过期：你有 4 积分/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByText('知道了'));
    });
    expect(server.count('POST', '/api/v1/notifications/n9/read')).toBe(1);
    expect(screen.queryByText(/积分即将过期：/)).toBeNull();
  });
});

describe('merchant page', () => {
  test('types the short code, sees validity, confirms', async () => {
    const merchant = {
      ...makeStaff('merchant'),
      scope: { district: null, street: null, communities: [], merchant: { id: 'm1', name: '老街坊理发' }, gates: [] },
    };
    signIn(merchant);
    const valid: MerchantVoucher = {
      id: 'v1',
      rewardTitle: '理发',
      points: 10,
      riderName: '王师傅',
      status: 'issued',
      validity: 'valid',
      validityLabel: '有效，可以核销',
      expiresAt: '2026-11-30T02:00:00.000Z',
      createdAt: '2026-11-23T02:00:00.000Z',
      resolvedAt: null,
    };
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: merchant }),
      'GET /api/v1/points/merchant/redemptions/daily': () => ({
        status: 200,
        body: {
          merchantId: 'm1',
          merchantName: '老街坊理发',
          month: '2026-11',
          today: { count: 0, points: 0, settlementFen: 0, unpriced: 0 },
          total: { count: 3, points: 30, settlementFen: 0, unpriced: 3 },
          days: [],
        },
      }),
      'POST /api/v1/points/merchant/vouchers/lookup': () => ({ status: 200, body: valid }),
      'POST /api/v1/points/merchant/vouchers/confirm': () => ({
        status: 200,
        body: {
          ...valid,
          status: 'used',
          validity: 'used',
          validityLabel: '已核销过，不能再用',
          resolvedAt: '2026-11-23T03:00:00.000Z',
        },
      }),
    });
    await renderPage(<MerchantPage />);
    expect(screen.getByText('本月核销')).toBeTruthy();
    await act(async () => {
      fireEvent.change(document.querySelector('.nx-merchant__input')!, { target: { value: 'abcd efgh' } });
    });
    await act(async () => {
      fireEvent.click(screen.getByText('查询兑换券'));
    });
    expect(screen.getByText('有效，可以核销')).toBeTruthy();
    expect(screen.getByText('骑手：王师傅')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByText('确认核销'));
    });
    expect(server.calls.find((c) => c.path.endsWith('/confirm'))?.body).toEqual({ code: 'ABCD EFGH' });
    // One green result, not the red "already used" card beside a small success line.
    expect(screen.getByText('✓ 核销成功')).toBeTruthy();
    expect(screen.getByText('积分：10 分')).toBeTruthy();
    expect(screen.queryByText('已核销过，不能再用')).toBeNull();
  });
});
