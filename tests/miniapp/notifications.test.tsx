import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import NotificationsPage from '../../miniapp/src/packages/me/notifications/index';
import { SessionProvider } from '../../miniapp/src/services/session';
import { resetTaro } from './support/taro';
import { fakeServer } from './support/fake-server';
import { makeMe, signIn } from './support/factories';

beforeEach(() => resetTaro());

const inbox = (): NotificationList => ({
  unread: 2,
  items: [
    {
      id: 'n1',
      kind: 'voucher_expiring',
      title: '兑换券即将过期',
      body: '你兑换的「理发」将于 2026-11-24 10:00 过期',
      reportId: null,
      read: false,
      createdAt: '2026-11-23T02:00:00.000Z',
    },
    {
      id: 'n2',
      kind: 'report_fixed',
      title: '路面已完成修复',
      body: '感谢上报',
      reportId: 'r1',
      read: false,
      createdAt: '2026-11-22T02:00:00.000Z',
    },
    {
      id: 'n3',
      kind: 'report_accepted',
      title: '上报已受理',
      body: '+2 积分',
      reportId: 'r0',
      read: true,
      createdAt: '2026-11-21T02:00:00.000Z',
    },
  ],
});

async function renderPage() {
  signIn(makeMe());
  const view = render(
    <SessionProvider>
      <NotificationsPage />
    </SessionProvider>,
  );
  await act(async () => undefined);
  return view;
}

describe('notifications page', () => {
  test('shows unread markers and the count; opening one marks it read and goes where it is about', async () => {
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
      'GET /api/v1/notifications': () => ({ status: 200, body: inbox() }),
      'POST /api/v1/notifications/n1/read': () => ({ status: 204 }),
    });
    await renderPage();
    expect(screen.getByText('2 条未读')).toBeTruthy();
    expect(screen.getAllByText('未读')).toHaveLength(2);
    expect(document.querySelectorAll('.nx-inbox__item--unread')).toHaveLength(2);

    await act(async () => {
      fireEvent.click(screen.getByText('兑换券即将过期'));
    });
    expect(server.count('POST', '/api/v1/notifications/n1/read')).toBe(1);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/points/index?tab=vouchers' });
    expect(screen.getByText('1 条未读')).toBeTruthy();
    expect(screen.getAllByText('未读')).toHaveLength(1);
    // A read one is not marked again.
    await act(async () => {
      fireEvent.click(screen.getByText('上报已受理'));
    });
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/reports/detail/index?id=r0' });
  });

  test('全部已读 marks everything read through the API, and goes away when nothing is unread', async () => {
    const server = fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
      'GET /api/v1/notifications': () => ({ status: 200, body: inbox() }),
      'POST /api/v1/notifications/read-all': () => ({ status: 200, body: { marked: 2 } }),
    });
    await renderPage();
    await act(async () => {
      fireEvent.click(screen.getByText('全部已读'));
    });
    expect(server.count('POST', '/api/v1/notifications/read-all')).toBe(1);
    expect(screen.queryByText('未读')).toBeNull();
    expect(screen.queryByText(/条未读/)).toBeNull();
    expect(document.querySelectorAll('.nx-inbox__item--unread')).toHaveLength(0);
    expect(screen.queryByText('全部已读')).toBeNull();
  });

  test('a failed 全部已读 keeps the markers and says why', async () => {
    fakeServer({
      'GET /api/v1/me': () => ({ status: 200, body: makeMe() }),
      'GET /api/v1/notifications': () => ({ status: 200, body: inbox() }),
      'POST /api/v1/notifications/read-all': () => ({
        status: 503,
        body: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' },
      }),
    });
    await renderPage();
    await act(async () => {
      fireEvent.click(screen.getByText('全部已读'));
    });
    expect(screen.getByText('服务暂时不可用，请稍后再试')).toBeTruthy();
    expect(screen.getAllByText('未读')).toHaveLength(2);
  });
});
