import { act, fireEvent, render, screen } from '@testing-library/react';
import type { MerchantVoucher } from '@nuanxin/shared/points/schemas';
import MerchantPage from '../../miniapp/src/packages/points/staff/merchant/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro } from './support/taro';
import { fakeServer } from './support/fake-server';
import { makeStaff, signIn } from './support/factories';

// Issue #18, defects 2 and 3 at the counter (H5): the whole QR payload goes through the box, a
// confirm is one big green result (what, who masked, when), "already used" is only for a second
// scan, and the camera asks first and says in Chinese why it cannot open.
beforeEach(() => resetTaro());

const PAYLOAD = 'NX1.k1.0b6f2c1e-5d4a-4c3b-9a8f-7e6d5c4b3a21.Qx9_aZ-bYc8dWe7fVg6hUA';

const merchant = {
  ...makeStaff('merchant'),
  scope: { district: null, street: null, communities: [], merchant: { id: 'm1', name: '老街坊理发' }, gates: [] },
};
const valid: MerchantVoucher = {
  id: 'v1',
  rewardTitle: '理发',
  points: 10,
  riderName: '王**',
  status: 'issued',
  validity: 'valid',
  validityLabel: '有效，可以核销',
  expiresAt: '2026-12-14T02:00:00.000Z',
  createdAt: '2026-12-07T01:00:00.000Z',
  resolvedAt: null,
};
const used: MerchantVoucher = {
  ...valid,
  status: 'used',
  validity: 'used',
  validityLabel: '已核销过，不能再用',
  resolvedAt: '2026-12-07T01:30:00.000Z',
};

function counter(lookup: MerchantVoucher = valid) {
  signIn(merchant);
  return fakeServer({
    'GET /api/v1/me': () => ({ status: 200, body: merchant }),
    'GET /api/v1/points/merchant/redemptions/daily': () => ({
      status: 200,
      body: {
        merchantId: 'm1',
        merchantName: '老街坊理发',
        month: '2026-12',
        today: { count: 0, points: 0, settlementFen: 0, unpriced: 0 },
        total: { count: 0, points: 0, settlementFen: 0, unpriced: 0 },
        days: [],
      },
    }),
    'POST /api/v1/points/merchant/vouchers/lookup': () => ({ status: 200, body: lookup }),
    'POST /api/v1/points/merchant/vouchers/confirm': () => ({ status: 200, body: used }),
  });
}

async function renderCounter() {
  render(
    <SessionProvider>
      <MerchantPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
}

async function type(value: string) {
  await act(async () => {
    fireEvent.change(document.querySelector('.nx-merchant__input')!, { target: { value } });
  });
}

test('a pasted or scanner-gun NX1. payload is kept whole (not cut at 12, not upper-cased) and confirmed', async () => {
  const server = counter();
  await renderCounter();
  await type(PAYLOAD);
  expect((document.querySelector('.nx-merchant__input') as HTMLInputElement).value).toBe(PAYLOAD);
  await act(async () => {
    fireEvent.click(screen.getByText('查询兑换券'));
  });
  expect(server.calls.find((c) => c.path.endsWith('/lookup'))?.body).toEqual({ code: PAYLOAD });
  await act(async () => {
    fireEvent.click(screen.getByText('确认核销'));
  });
  expect(server.calls.find((c) => c.path.endsWith('/confirm'))?.body).toEqual({ code: PAYLOAD });
});

test('a typed short code still reads in capitals', async () => {
  counter();
  await renderCounter();
  await type('abcd efgh');
  expect((document.querySelector('.nx-merchant__input') as HTMLInputElement).value).toBe('ABCD EFGH');
});

test('after 确认核销: one green result with what, the masked rider and when; no red card, no error', async () => {
  counter();
  await renderCounter();
  await type('ABCD EFGH');
  await act(async () => {
    fireEvent.click(screen.getByText('查询兑换券'));
  });
  await act(async () => {
    fireEvent.click(screen.getByText('确认核销'));
  });
  const done = document.querySelector('.nx-merchant__done')!;
  expect(done.textContent).toContain('核销成功');
  expect(done.textContent).toContain('理发');
  expect(done.textContent).toContain('骑手：王**');
  expect(done.textContent).toMatch(/核销时间：/);
  expect(document.querySelector('.nx-merchant__voucher')).toBeNull();
  expect(screen.queryByText('已核销过，不能再用')).toBeNull();
  expect(document.querySelector('.nx-notice--error')).toBeNull();
});

test('a second scan of a used voucher shows the red 已核销过 card, and no green one', async () => {
  counter(used);
  await renderCounter();
  await type('ABCD EFGH');
  await act(async () => {
    fireEvent.click(screen.getByText('查询兑换券'));
  });
  expect(document.querySelector('.nx-merchant__voucher--used')!.textContent).toContain('已核销过，不能再用');
  // When it was used, so the counter can tell the rider.
  expect(document.querySelector('.nx-merchant__used-at')!.textContent).toMatch(/核销时间：/);
  expect(document.querySelector('.nx-merchant__done')).toBeNull();
  expect(screen.queryByText('确认核销')).toBeNull();
});

describe('扫码核销 on H5 opens the browser camera sheet', () => {
  const original = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
  afterEach(() => {
    if (original) Object.defineProperty(navigator, 'mediaDevices', original);
    else delete (navigator as { mediaDevices?: unknown }).mediaDevices;
  });

  test('it says what the camera is for before asking; a refusal is explained in Chinese; typing stays', async () => {
    const getUserMedia = jest.fn().mockRejectedValue(Object.assign(new Error('denied'), { name: 'NotAllowedError' }));
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
    counter();
    await renderCounter();
    await act(async () => {
      fireEvent.click(document.querySelector('.nx-merchant__scan')!);
    });
    expect(document.querySelector('.nx-qr-camera')!.textContent).toContain('不会上传或保存');
    expect(getUserMedia).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByText('打开相机'));
    });
    expect(getUserMedia).toHaveBeenCalledWith({ video: { facingMode: 'environment' }, audio: false });
    expect(document.querySelector('.nx-qr-camera__error')!.textContent).toContain('没有相机权限');
    await act(async () => {
      fireEvent.click(screen.getByText('改为手动输入'));
    });
    expect(document.querySelector('.nx-qr-camera')).toBeNull();
    expect(document.querySelector('.nx-merchant__input')).not.toBeNull();
  });

  test('a browser without a camera API (plain http) says so', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: undefined });
    counter();
    await renderCounter();
    await act(async () => {
      fireEvent.click(document.querySelector('.nx-merchant__scan')!);
    });
    await act(async () => {
      fireEvent.click(screen.getByText('打开相机'));
    });
    expect(document.querySelector('.nx-qr-camera__error')!.textContent).toContain('不能打开相机');
  });
});
