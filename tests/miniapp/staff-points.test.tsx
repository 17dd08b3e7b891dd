import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ManagedReward, ManagedRewardList, ManagedRuleList } from '@nuanxin/shared/points/schemas';
import StaffPointsPage from '../../miniapp/src/packages/points/staff/rewards/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro } from './support/taro';
import { fakeServer } from './support/fake-server';
import { makeStaff, signIn } from './support/factories';

beforeEach(() => resetTaro());

const haircut: ManagedReward = {
  id: 'rw1',
  merchantId: 'm1',
  merchantName: '老街坊理发',
  streetId: 's1',
  title: '理发',
  description: '',
  pricePoints: 10,
  stockPerPeriod: 20,
  period: 'month',
  perRiderMonthlyLimit: 2,
  voucherValidDays: 7,
  hours: '09:00-21:00',
  active: true,
  stockLeft: 17,
  openVouchers: 3,
};
const catalog = (items: ManagedReward[] = [haircut]): ManagedRewardList => ({
  items,
  merchants: [
    { id: 'm1', name: '老街坊理发', streetId: 's1' },
    { id: 'm2', name: '干净洗衣', streetId: 's1' },
  ],
});
const rules: ManagedRuleList = {
  districtId: 'd1',
  districtName: '朝阳区',
  items: [
    {
      code: 'report_accepted',
      label: '随手拍上报被受理',
      points: 2,
      dailyCap: 20,
      monthlyCap: 200,
      active: true,
      districtOwn: false,
      updatedAt: '2026-11-01T00:00:00.000Z',
    },
  ],
};

async function renderAs(role: 'district_admin' | 'street_operator') {
  const me = makeStaff(role);
  signIn(me);
  render(
    <SessionProvider>
      <StaffPointsPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return me;
}

const type = async (selector: string, value: string, index = 0) => {
  await act(async () => {
    fireEvent.change(document.querySelectorAll(selector)[index]!, { target: { value } });
  });
};

describe('staff rewards and rules page', () => {
  test('a street operator lists its rewards and adds one for a shop of its street', async () => {
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('street_operator') }),
      'GET /api/v1/points/admin/rewards': () => ({ status: 200, body: catalog() }),
      'POST /api/v1/points/admin/rewards': (req) => ({ status: 201, body: { ...haircut, id: 'rw2', ...req.body } }),
    });
    await renderAs('street_operator');
    expect(screen.getByText('理发 · 老街坊理发')).toBeTruthy();
    expect(screen.getByText('10 分 · 每月 20 份（本期剩余 17）')).toBeTruthy();
    expect(screen.getByText(/未使用 3 张/)).toBeTruthy();
    expect(screen.queryByText('积分规则')).toBeNull(); // rules are the district admin's
    expect(server.count('GET', '/api/v1/points/admin/rules')).toBe(0);

    await act(async () => {
      fireEvent.click(screen.getByText('新增奖励'));
    });
    await act(async () => {
      fireEvent.click(screen.getByText('干净洗衣'));
    });
    const inputs = '.nx-reward-form .nx-form__input';
    await type(inputs, '洗衣', 0);
    await type(inputs, '8', 1);
    await type(inputs, '30', 2);
    await act(async () => {
      fireEvent.click(screen.getByText('每周'));
    });
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({
      merchantId: 'm2',
      title: '洗衣',
      pricePoints: 8,
      settlementFen: null,
      stockPerPeriod: 30,
      period: 'week',
      perRiderMonthlyLimit: null,
      voucherValidDays: 7,
      hours: '',
    });
    expect(document.querySelector('.nx-reward-form')).toBeNull();
  });

  test('the server’s refusal (a fractional price) is shown as it says, and the form stays', async () => {
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('district_admin') }),
      'GET /api/v1/points/admin/rewards': () => ({ status: 200, body: catalog() }),
      'GET /api/v1/points/admin/rules': () => ({ status: 200, body: rules }),
      'PATCH /api/v1/points/admin/rewards/rw1': () => ({
        status: 400,
        body: { code: 'PRICE_INVALID', message: '积分价格必须是 1 到 100000 之间的整数', field: 'pricePoints' },
      }),
    });
    await renderAs('district_admin');
    await act(async () => {
      fireEvent.click(screen.getByText('修改'));
    });
    expect(screen.getByText(/已发放的兑换券按原积分和有效期使用/)).toBeTruthy();
    await type('.nx-reward-form__price', '2.5');
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(screen.getByText('积分价格必须是 1 到 100000 之间的整数')).toBeTruthy();
    expect(document.querySelector('.nx-reward-form')).toBeTruthy();
  });

  test('a district admin sets the district’s report points and caps; an empty cap is 不限', async () => {
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeStaff('district_admin') }),
      'GET /api/v1/points/admin/rewards': () => ({ status: 200, body: catalog([]) }),
      'GET /api/v1/points/admin/rules': () => ({ status: 200, body: rules }),
      'PUT /api/v1/points/admin/rules/report_accepted': (req) => ({
        status: 200,
        body: { ...rules.items[0], ...req.body, districtOwn: true },
      }),
    });
    await renderAs('district_admin');
    await act(async () => {
      fireEvent.click(screen.getByText('积分规则'));
    });
    expect(screen.getByText('随手拍上报被受理（全市默认）')).toBeTruthy();
    await type('.nx-rule__points', '3');
    await type('.nx-rule__daily', '');
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(server.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      points: 3,
      dailyCap: null,
      monthlyCap: 200,
      active: true,
    });
  });
});
