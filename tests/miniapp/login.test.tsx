import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import LoginPage from '../../miniapp/src/pages/login/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { tokenStore } from '../../miniapp/src/services/tokens';
import { resetTaro } from './support/taro';
import { fakeServer, type Route } from './support/fake-server';
import { makeMe, makePair } from './support/factories';

const ACCOUNTS = [
  { account: 'rider-demo', role: 'rider', displayName: '演示骑手', scopeLabel: '望京' },
  { account: 'community-demo', role: 'community_admin', displayName: '演示社区管理员', scopeLabel: '花家地社区' },
];

beforeEach(() => resetTaro());

/** What the login page asks first: the ways in this deployment offers (demo mode here). */
const DEMO_OPTIONS: Record<string, Route> = {
  'GET /api/v1/auth/options': () => ({ status: 200, body: { demo: true, wechatWeb: false } }),
};

async function renderLogin(routes: Record<string, Route>) {
  const server = fakeServer({ ...DEMO_OPTIONS, ...routes });
  const view = render(
    <SessionProvider>
      <LoginPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return { ...view, server };
}

describe('login page (H5)', () => {
  test('lists every demo account as a button with its name, role label and scope', async () => {
    const { container } = await renderLogin({
      'GET /api/v1/auth/demo-accounts': () => ({ status: 200, body: { accounts: ACCOUNTS } }),
    });
    const rider = container.querySelector('[data-account="rider-demo"]');
    const community = container.querySelector('.nx-demo-account--community-demo');
    expect(rider?.textContent).toContain('演示骑手');
    expect(rider?.textContent).toContain('骑手');
    expect(community?.textContent).toContain('社区/物业管理员');
    expect(community?.textContent).toContain('花家地社区');
    expect(container.querySelectorAll('.nx-demo-account')).toHaveLength(2);
    // H5 has no WeChat login.
    expect(screen.queryByText('微信一键登录')).toBeNull();
  });

  test('a card never repeats its role as its scope ("骑手 骑手")', async () => {
    const { container } = await renderLogin({
      'GET /api/v1/auth/demo-accounts': () => ({
        status: 200,
        body: { accounts: [{ account: 'r', role: 'rider', displayName: '王师傅', scopeLabel: '骑手' }] },
      }),
    });
    const card = container.querySelector('[data-account="r"]')!;
    expect(card.textContent).toBe('王师傅骑手');
    expect(card.querySelector('.nx-demo-account__scope')).toBeNull();
  });

  test('one tap logs in with that account, stores the session and opens home', async () => {
    const user = makeMe({ displayName: '演示骑手' });
    const { container, server } = await renderLogin({
      'GET /api/v1/auth/demo-accounts': () => ({ status: 200, body: { accounts: ACCOUNTS } }),
      'POST /api/v1/auth/demo-login': () => ({ status: 200, body: makePair(user, 7) }),
    });
    await act(async () => {
      fireEvent.click(container.querySelector('[data-account="rider-demo"]')!);
    });
    expect(server.calls.find((c) => c.path === '/api/v1/auth/demo-login')?.body).toEqual({ account: 'rider-demo' });
    expect(tokenStore.get()?.accessToken).toBe('access-7');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });

  test('a failed login shows the server message in Chinese and stays on the page', async () => {
    const { container } = await renderLogin({
      'GET /api/v1/auth/demo-accounts': () => ({ status: 200, body: { accounts: ACCOUNTS } }),
      'POST /api/v1/auth/demo-login': () => ({
        status: 404,
        body: { code: 'DEMO_ACCOUNT_UNKNOWN', message: '没有这个演示账号' },
      }),
    });
    await act(async () => {
      fireEvent.click(container.querySelector('[data-account="rider-demo"]')!);
    });
    expect(screen.getByText('没有这个演示账号')).toBeTruthy();
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });

  test('with demo mode off and WeChat web sign-in configured, H5 offers 微信登录 and no demo list', async () => {
    const { container, server } = await renderLogin({
      'GET /api/v1/auth/options': () => ({ status: 200, body: { demo: false, wechatWeb: true } }),
    });
    expect(screen.getByText('微信登录')).toBeTruthy();
    expect(container.querySelector('.nx-demo-account')).toBeNull();
    expect(screen.queryByText(/演示登录未开启/)).toBeNull();
    // The demo list is not even asked for.
    expect(server.calls.some((c) => c.path.endsWith('/demo-accounts'))).toBe(false);
  });

  test('demo mode off is explained instead of showing an empty list', async () => {
    const { container } = await renderLogin({
      'GET /api/v1/auth/demo-accounts': () => ({
        status: 404,
        body: { code: 'DEMO_DISABLED', message: '演示登录未开启' },
      }),
    });
    expect(container.querySelector('.nx-demo-account')).toBeNull();
    expect(screen.getByText(/演示登录未开启/)).toBeTruthy();
  });

  test('no network is shown with a retry that loads the list once the network is back', async () => {
    let online = false;
    const { container } = await renderLogin({
      'GET /api/v1/auth/demo-accounts': () => {
        if (!online) throw new TypeError('Failed to fetch');
        return { status: 200, body: { accounts: ACCOUNTS } };
      },
    });
    expect(screen.getByText('网络不可用，请检查网络后重试')).toBeTruthy();
    online = true;
    await act(async () => {
      fireEvent.click(screen.getByText('重试'));
    });
    expect(container.querySelectorAll('.nx-demo-account')).toHaveLength(2);
  });
});
