import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import HomePage from '../../miniapp/src/pages/home/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro } from './support/taro';
import { fakeServer } from './support/fake-server';
import { makeMe, makeStaff, signIn } from './support/factories';
import type { Me } from '@nuanxin/shared/auth/schemas';

beforeEach(() => resetTaro());

async function renderHome(user: Me | null) {
  if (user) signIn(user);
  fakeServer({
    'GET /api/v1/me': () => (user ? { status: 200, body: user } : { status: 401, body: { code: 'UNAUTHENTICATED' } }),
  });
  const view = render(
    <SessionProvider>
      <HomePage />
    </SessionProvider>,
  );
  await act(async () => undefined); // let the background /me refresh settle
  return view;
}

describe('home page', () => {
  test('shows the job tiles with their exact labels and stable class hooks', async () => {
    const { container } = await renderHome(makeMe());
    const expected = [
      ['tile--access', '暖新码'],
      ['tile--stations', '附近驿站'],
      ['tile--reports', '随手拍'],
      ['tile--points', '积分'],
      ['tile--legal', '法律援助'],
      ['tile--community', '社区'],
      ['tile--housing', '暖新公寓'],
    ] as const;
    for (const [hook, label] of expected) {
      const tile = container.querySelector(`.nx-${hook}`);
      expect(tile).not.toBeNull();
      expect(tile!.className).toContain('nx-tile');
      expect(tile!.querySelector('.nx-tile__label')?.textContent).toBe(label);
    }
    expect(container.querySelectorAll('.nx-tile')).toHaveLength(expected.length);
    expect(screen.getByText(/张师傅/)).toBeTruthy();
  });

  test('hides the staff entry from riders', async () => {
    const { container } = await renderHome(makeMe({ role: 'rider' }));
    expect(container.querySelector('.nx-staff-entry')).toBeNull();
    expect(screen.queryByText('工作台')).toBeNull();
  });

  test.each(['community_admin', 'street_operator', 'merchant', 'district_admin'] as const)(
    'shows the staff entry to %s and opens the staff page',
    async (role) => {
      const { container } = await renderHome(makeStaff(role));
      const entry = container.querySelector('.nx-staff-entry');
      expect(entry?.textContent).toContain('工作台');
      fireEvent.click(entry!);
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/me/workbench/index' });
    },
  );

  test('tab tiles switch tabs and the others push a page', async () => {
    const { container } = await renderHome(makeMe());
    fireEvent.click(container.querySelector('.nx-tile--stations')!);
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/stations/index' });
    fireEvent.click(container.querySelector('.nx-tile--access')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/access/index' });
    fireEvent.click(container.querySelector('.nx-tile--community')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/community/index/index' });
  });

  test('sends an anonymous visitor to login', async () => {
    const { container } = await renderHome(null);
    expect(container.querySelector('.nx-tile')).toBeNull();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
  });

  test('picks up a role change from /me (e.g. invitation redeemed on another device)', async () => {
    const cached = makeMe({ role: 'rider' });
    signIn(cached);
    fakeServer({ 'GET /api/v1/me': () => ({ status: 200, body: makeStaff('merchant') }) });
    const { container } = render(
      <SessionProvider>
        <HomePage />
      </SessionProvider>,
    );
    expect(container.querySelector('.nx-staff-entry')).toBeNull();
    await act(async () => undefined);
    expect(container.querySelector('.nx-staff-entry')).not.toBeNull();
  });
});
