import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import MePage from '../../miniapp/src/pages/me/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { tokenStore } from '../../miniapp/src/services/tokens';
import { resetTaro } from './support/taro';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, makeStaff, signIn } from './support/factories';
import type { Me } from '@nuanxin/shared/auth/schemas';

beforeEach(() => resetTaro());

async function renderMe(user: Me, routes: Record<string, Route> = {}) {
  signIn(user);
  const server = fakeServer({ 'GET /api/v1/me': () => ({ status: 200, body: user }), ...routes });
  const view = render(
    <SessionProvider>
      <MePage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return { ...view, server };
}

describe('me page', () => {
  test('shows name, role label, masked phone and scope names', async () => {
    await renderMe(makeStaff('community_admin'));
    expect(screen.getByText('李主任')).toBeTruthy();
    expect(screen.getByText('社区/物业管理员')).toBeTruthy();
    expect(screen.getByText(/138\*\*\*\*0001/)).toBeTruthy();
    expect(screen.getByText('街道：望京街道')).toBeTruthy();
    expect(screen.getByText('社区：花家地社区')).toBeTruthy();
  });

  test('退出登录 revokes the refresh token, clears the session and goes to login', async () => {
    const { server } = await renderMe(makeMe(), { 'POST /api/v1/auth/logout': () => ({ status: 204 }) });
    await act(async () => {
      fireEvent.click(screen.getByText('退出登录'));
    });
    expect(server.calls.find((c) => c.path === '/api/v1/auth/logout')?.body).toEqual({
      refreshToken: 'refresh-token-1-0123456789',
    });
    expect(tokenStore.get()).toBeNull();
    expect(Taro.reLaunch).toHaveBeenCalledTimes(1);
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
  });

  test('退出所有设备 that fails keeps the user signed in and shows why', async () => {
    await renderMe(makeMe(), {
      'POST /api/v1/auth/logout-all': () => ({
        status: 429,
        body: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' },
      }),
    });
    await act(async () => {
      fireEvent.click(screen.getByText('退出所有设备'));
    });
    expect(screen.getByText('操作太频繁，请稍后再试')).toBeTruthy();
    expect(tokenStore.get()).not.toBeNull();
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
